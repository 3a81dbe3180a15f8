"""Fuzzing the members forms: the registry, posts, 报到, activists, discipline and care.

Township A's secretary fills every form about township A's front line (tests/members
conftest); the hostile values include township B's and the county organ's objects.
"""

import copy
import datetime

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from members.choices import (
    ETHNICITIES,
    HANDLING_MEASURES,
    DisciplineKind,
    DisciplineReason,
    Education,
    MemberCategory,
    MemberStatus,
    PostKind,
    RegistrationRole,
    Stage,
)
from members.models import (
    Activist,
    ActivistEvent,
    CareRecord,
    DisciplineCase,
    Member,
    Post,
    PostAssignment,
    Registration,
)
from organizations.personal import parse_id_number

from . import strategies as fz
from .harness import (
    ID_NUMBER,
    MOBILE,
    Tally,
    assert_recorded_by,
    assert_spelled,
    assert_stored,
    clean_slate,
    fuzz_form,
    sent,
    submit,
    typed_checkbox,
    typed_date,
    typed_int,
    typed_text,
)

D = datetime.date


def submit_confirmed(client, url: str, data: dict, *, tally: Tally | None = None):
    """An irreversible step answers a valid form with a confirmation page first
    (tests/members/test_journeys.py walks it); fuzzing posts what that page sends back."""
    confirmed = copy.copy(data)
    confirmed["confirmed"] = "1"
    return submit(client, url, confirmed, tally=tally)


def member_fields(tree) -> dict:
    """A person old enough to have joined since 2019, in one of township A's branches."""
    return {
        "name": fz.text(50),
        "id_number": fz.id_numbers(born_from=D(1950, 1, 1), born_until=D(2000, 12, 31)),
        "phone": fz.mobile(),
        "ethnicity": fz.choice(ETHNICITIES),
        "education": fz.choice(Education.values),
        "organization": fz.pk(
            [tree.village_a.pk, tree.sub_a.pk],
            [tree.community_b.pk, tree.organ_branch.pk, tree.township_a.pk, tree.general_a.pk],
        ),
        "category": fz.Field(
            st.sampled_from(
                [MemberCategory.EMPLOYED, MemberCategory.RETIRED, MemberCategory.MOBILE]
            ),
            fz.choice(MemberCategory.values).hostile | st.just(MemberCategory.COUNTY_ORGAN),
        ),
        "joined_on": fz.date(D(2019, 1, 1)),
        "full_member_on": fz.date(D(2019, 1, 1), required=False),
    }


def assert_member_stored(member, data) -> None:
    id_number = typed_text(data["id_number"]).upper()
    birth_date, gender = parse_id_number(id_number)
    full_member_on = typed_date(data.get("full_member_on"))
    assert_stored(
        member,
        name=typed_text(data["name"]),
        id_number=id_number,
        birth_date=birth_date,
        gender=gender,
        phone=typed_text(data.get("phone")),
        ethnicity=sent(data["ethnicity"]),
        education=sent(data["education"]),
        organization_id=int(sent(data["organization"])),
        category=sent(data["category"]),
        joined_on=typed_date(data["joined_on"]),
        full_member_on=full_member_on,
        status=MemberStatus.FULL if full_member_on else MemberStatus.PROBATIONARY,
    )
    assert_spelled(member, id_number=ID_NUMBER, phone=MOBILE)


def test_member_form_registers_exactly_the_member_typed(client_as, tree, personas, front):
    """Gender, birth date and status are derived; everything typed is kept as typed."""
    client = client_as("township_a")
    url = reverse("members:member_create")
    examples = fz.form_data(member_fields(tree))

    def stored(outcome, data):
        member = outcome.new_row(Member)
        assert_member_stored(member, data)
        assert_stored(member, is_active=True, township_id=tree.township_a.pk)
        assert_recorded_by(member, personas.township_a)

    fuzz_form(client, url, examples, stored)


def test_member_form_edits_exactly_what_was_changed(client_as, tree, personas, front):
    """Editing adds the 在册 checkbox; unticking it is how a member leaves the registry."""
    client = client_as("township_a")
    url = reverse("members:member_update", args=[front.a1.pk])
    examples = fz.form_data({**member_fields(tree), "is_active": fz.boolean()})

    def stored(outcome, data):
        assert_member_stored(front.a1, data)
        assert_stored(front.a1, is_active=typed_checkbox(data, "is_active"))
        assert_recorded_by(front.a1, personas.township_a)

    fuzz_form(client, url, examples, stored)


def post_fields(tree) -> dict:
    return {
        "kind": fz.choice(PostKind.values),
        "name": fz.text(100),
        "organization": fz.pk(
            [tree.township_a.pk, tree.village_a.pk, tree.general_a.pk, tree.sub_a.pk],
            [tree.community_b.pk, tree.county.pk, tree.organ_branch.pk],
        ),
        "place": fz.text(100),
        "duty": fz.text(500),
        "households_covered": fz.integer(0, 2000),
        "starts_on": fz.date(D(2025, 12, 1), fz.TODAY + datetime.timedelta(days=30)),
        "ends_on": fz.date(D(2026, 1, 1), D(2027, 6, 30), required=False),
    }


def assert_post_stored(post, data) -> None:
    assert_stored(
        post,
        kind=sent(data["kind"]),
        name=typed_text(data["name"]),
        organization_id=int(sent(data["organization"])),
        place=typed_text(data["place"]),
        duty=typed_text(data["duty"]),
        households_covered=typed_int(data["households_covered"]),
        starts_on=typed_date(data["starts_on"]),
        ends_on=typed_date(data.get("ends_on")),
    )


def test_post_form_sets_up_exactly_the_post_typed(client_as, tree, personas, front):
    """Households are counted only for a 党员责任区; a post ends on or after it starts."""
    client = client_as("township_a")
    url = reverse("members:post_create")
    examples = fz.form_data(post_fields(tree))

    def stored(outcome, data):
        post = outcome.new_row(Post)
        assert_post_stored(post, data)
        assert_stored(post, township_id=tree.township_a.pk)
        assert_recorded_by(post, personas.township_a)

    fuzz_form(client, url, examples, stored)


def test_post_form_edits_exactly_what_was_changed(client_as, tree, personas, front):
    """A post with a member on duty since 25 January cannot be moved past that date."""
    client = client_as("township_a")
    url = reverse("members:post_update", args=[front.post_a.pk])
    examples = fz.form_data(post_fields(tree))

    def stored(outcome, data):
        assert_post_stored(front.post_a, data)
        assert_recorded_by(front.post_a, personas.township_a)

    fuzz_form(client, url, examples, stored)


def test_post_assign_form_puts_exactly_that_member_on_duty(client_as, tree, personas, front):
    """Candidates are the village's members not yet on the post and those who reported there."""
    client = client_as("township_a")
    post = front.post_a
    url = reverse("members:post_assign", args=[post.pk])
    examples = fz.form_data(
        {
            "member": fz.pk([front.a2.pk, front.organ.pk], [front.a1.pk, front.b1.pk]),
            "starts_on": fz.date(post.starts_on, required=False),
            "ends_on": fz.date(fz.TODAY, D(2027, 12, 31), required=False),
        }
    )

    def stored(outcome, data):
        assignment = outcome.new_row(PostAssignment)
        assert_stored(
            assignment,
            post_id=post.pk,
            member_id=int(sent(data["member"])),
            starts_on=typed_date(data.get("starts_on")) or max(post.starts_on, fz.TODAY),
            ends_on=typed_date(data.get("ends_on")) or post.ends_on,
        )
        assert_recorded_by(assignment, personas.township_a)

    fuzz_form(client, url, examples, stored)


def test_registration_form_registers_exactly_the_member_identified(
    client_as, tree, personas, front
):
    """The receiving side names the county-organ member by ID number and name, nothing else.

    The member already serves village A as 入户排查员 from 1 February, open-ended: a second
    overlapping registration in that role is refused.
    """
    client = client_as("township_a")
    url = reverse("members:registration_create")
    organ = front.organ
    ids = fz.id_numbers(born_from=D(1960, 1, 1), born_until=D(2000, 1, 1))
    names = fz.text(50)
    examples = fz.form_data(
        {
            "id_number": fz.Field(
                st.sampled_from([organ.id_number, f" {organ.id_number.lower()} "]),
                st.one_of(ids.valid, ids.hostile, st.just(front.a1.id_number)),
            ),
            "name": fz.Field(
                st.sampled_from([organ.name, f"  {organ.name}"]),
                st.one_of(names.valid, names.hostile, st.just(front.a1.name)),
            ),
            "organization": fz.pk(
                [tree.village_a.pk, tree.general_a.pk, tree.sub_a.pk],
                [tree.community_b.pk, tree.organ_branch.pk, tree.township_a.pk],
            ),
            "role": fz.choice(RegistrationRole.values),
            "starts_on": fz.date(D(2025, 6, 1)),
            "ends_on": fz.date(D(2025, 6, 1), D(2027, 1, 1), required=False),
        }
    )

    def stored(outcome, data):
        registration = outcome.new_row(Registration)
        assert_stored(
            registration,
            member_id=organ.pk,
            organization_id=int(sent(data["organization"])),
            role=sent(data["role"]),
            starts_on=typed_date(data["starts_on"]),
            ends_on=typed_date(data.get("ends_on")),
            created_by_id=personas.township_a.pk,
            confirmed_at=None,
        )
        assert_recorded_by(registration, personas.township_a)

    fuzz_form(client, url, examples, stored)


def test_activist_form_records_exactly_the_applicant_typed(client_as, tree, personas, front):
    """The applicant and the first step (入党申请人, with its front-line performance)."""
    client = client_as("township_a")
    url = reverse("members:activist_create")
    fields = member_fields(tree)
    examples = fz.form_data(
        {
            "name": fields["name"],
            "id_number": fz.id_numbers(born_from=D(1990, 1, 1), born_until=D(2007, 1, 1)),
            "phone": fields["phone"],
            "ethnicity": fields["ethnicity"],
            "education": fields["education"],
            "organization": fields["organization"],
            "applied_on": fz.date(D(2024, 1, 1)),
            "performance": fz.text(1000),
        }
    )

    def stored(outcome, data):
        activist = outcome.new_row(Activist)
        id_number = typed_text(data["id_number"]).upper()
        birth_date, gender = parse_id_number(id_number)
        assert_stored(
            activist,
            name=typed_text(data["name"]),
            id_number=id_number,
            birth_date=birth_date,
            gender=gender,
            phone=typed_text(data.get("phone")),
            ethnicity=sent(data["ethnicity"]),
            education=sent(data["education"]),
            organization_id=int(sent(data["organization"])),
            stage=Stage.APPLICANT,
            member=None,
        )
        assert_spelled(activist, id_number=ID_NUMBER, phone=MOBILE)
        event = outcome.new_row(ActivistEvent)
        assert_stored(
            event,
            activist_id=activist.pk,
            stage=Stage.APPLICANT,
            happened_on=typed_date(data["applied_on"]),
            performance=typed_text(data["performance"]),
            recorded_by_id=personas.township_a.pk,
        )
        assert_recorded_by(activist, personas.township_a)

    fuzz_form(client, url, examples, stored)


def test_activist_advance_form_records_exactly_the_step_taken(client_as, personas, front):
    """The applicant of 1 January 2024 may become 入党积极分子, and nothing else, next."""
    client = client_as("township_a")
    activist = front.activist_a
    url = reverse("members:activist_advance", args=[activist.pk])
    stages = fz.choice(Stage.values)
    examples = fz.form_data(
        {
            "stage": fz.Field(st.just(Stage.ACTIVIST), st.one_of(stages.valid, stages.hostile)),
            "happened_on": fz.date(D(2024, 1, 1)),
            "performance": fz.text(1000),
        }
    )

    def stored(outcome, data):
        event = outcome.new_row(ActivistEvent)
        assert_stored(
            event,
            activist_id=activist.pk,
            stage=Stage.ACTIVIST,
            happened_on=typed_date(data["happened_on"]),
            performance=typed_text(data["performance"]),
            recorded_by_id=personas.township_a.pk,
        )
        assert_stored(activist, stage=Stage.ACTIVIST)

    fuzz_form(client, url, examples, stored, post=submit_confirmed)


def test_discipline_form_records_exactly_the_decision_typed(client_as, tree, personas, front):
    """Only the member's own branch or a committee above it decides."""
    client = client_as("township_a")
    member = front.a2
    url = reverse("members:discipline_create", args=[member.pk]) + "?kind=handling"
    examples = fz.form_data(
        {
            "deciding_organization": fz.pk(
                [tree.village_a.pk, tree.township_a.pk],
                [tree.county.pk, tree.general_a.pk, tree.community_b.pk],
            ),
            "reason": fz.choice(DisciplineReason.values),
            "facts": fz.text(2000),
            "decision": fz.choice([m.value for m in HANDLING_MEASURES]),
            "decided_on": fz.date(D(2026, 1, 1)),
        }
    )

    def stored(outcome, data):
        case = outcome.new_row(DisciplineCase)
        assert_stored(
            case,
            member_id=member.pk,
            deciding_organization_id=int(sent(data["deciding_organization"])),
            reason=sent(data["reason"]),
            facts=typed_text(data["facts"]),
            kind=DisciplineKind.HANDLING,
            decision=sent(data["decision"]),
            decided_on=typed_date(data["decided_on"]),
            recorded_by_id=personas.township_a.pk,
            township_id=tree.township_a.pk,
        )
        assert_recorded_by(case, personas.township_a)

    fuzz_form(client, url, examples, stored, post=submit_confirmed)


def test_care_form_records_exactly_the_difficulty_typed(client_as, tree, personas, front):
    """From a member's page (?member=) the name may stay blank: it is the member's."""
    client = client_as("township_a")
    tally = Tally()
    care_fields = {
        "organization": fz.pk(
            [tree.township_a.pk, tree.village_a.pk, tree.sub_a.pk],
            [tree.community_b.pk, tree.county.pk],
        ),
        "person_name": fz.text(50),
        "difficulty": fz.text(1000),
        "reported_on": fz.date(D(2026, 1, 1)),
    }

    @given(st.sampled_from([None, front.a2]), fz.form_data(care_fields))
    def example(member, data):
        url = reverse("members:care_create")
        if member is not None:
            url += f"?member={member.pk}"
        with clean_slate():
            outcome = submit(client, url, data, tally=tally)
            if outcome.accepted:
                care = outcome.new_row(CareRecord)
                assert_stored(
                    care,
                    organization_id=int(sent(data["organization"])),
                    member_id=member.pk if member else None,
                    person_name=typed_text(data.get("person_name")) or member.name,
                    difficulty=typed_text(data["difficulty"]),
                    reported_on=typed_date(data["reported_on"]),
                    action="",
                    resolved_on=None,
                    recorded_by_id=personas.township_a.pk,
                )
                assert_recorded_by(care, personas.township_a)

    example()
    tally.assert_both_ways()


def test_care_resolve_form_records_exactly_how_it_was_solved(client_as, personas, front):
    """The difficulty reported on 1 February is solved on or after that day."""
    client = client_as("township_a")
    care = front.care_a
    url = reverse("members:care_resolve", args=[care.pk])
    examples = fz.form_data({"action": fz.text(1000), "resolved_on": fz.date(D(2026, 1, 20))})

    def stored(outcome, data):
        assert_stored(
            care,
            action=typed_text(data["action"]),
            resolved_on=typed_date(data["resolved_on"]),
        )
        assert_recorded_by(care, personas.township_a)

    fuzz_form(client, url, examples, stored, post=submit_confirmed)
