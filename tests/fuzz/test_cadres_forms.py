"""Fuzzing the cadres forms: cadre files, front-line records, outcomes and commendations.

County staff keep cadres and decide; township A's secretary records what township A's
cadres did (tests/cadres conftest). Hostile values include township B's cadres and records.
"""

import datetime

import pytest
from django.urls import reverse
from hypothesis import strategies as st

from cadres.choices import (
    CADRE_MEASURES,
    CHECKPOINTS,
    ORGANIZATIONAL_MEASURES,
    Checkpoint,
    CheckpointSet,
    CommendationKind,
    CommendationState,
    Dimension,
    Management,
    Measure,
    OutcomeKind,
    OutcomeState,
    Polarity,
    Source,
)
from cadres.models import (
    Cadre,
    CadreCategory,
    Commendation,
    Evidence,
    FrontlineRecord,
    Outcome,
    OutcomeStep,
)
from cadres.services import commendation_nominate, outcome_propose
from organizations.codes import join_codes
from organizations.models import Organization
from tests.cadres.conftest import notice_ended

from . import strategies as fz
from .harness import (
    MOBILE,
    assert_file_kept,
    assert_recorded_by,
    assert_spelled,
    assert_stored,
    fuzz_form,
    sent,
    submit_step,
    typed_checkbox,
    typed_date,
    typed_int,
    typed_text,
)
from .strategies import OMIT

D = datetime.date
DAY = datetime.timedelta(days=1)


def sent_list(value) -> list:
    """The values of a checkbox group as sent; none when it was left out or sent empty."""
    return value if isinstance(value, list) else []


def cadre_fields(tree) -> dict:
    categories = list(CadreCategory.objects.filter(is_active=True).values_list("pk", flat=True))
    return {
        "name": fz.text(50),
        "organization": fz.pk(Organization.objects.values_list("pk", flat=True)),
        "post_title": fz.text(100),
        "category": fz.pk(categories),
        "phone": fz.mobile(),
        "birth_year": fz.Field(
            st.integers(1940, 2010).map(str),
            st.one_of(
                st.sampled_from(["1939", "2011", "0", "65535", "65536"]),
                fz.integer(0, 0).hostile,
            ),
        ),
        "management": fz.choice(Management.values),
        "is_active": fz.boolean(),
    }


def assert_cadre_stored(cadre, data) -> None:
    assert_stored(
        cadre,
        name=typed_text(data["name"]),
        organization_id=int(sent(data["organization"])),
        post_title=typed_text(data["post_title"]),
        category_id=int(sent(data["category"])),
        phone=typed_text(data.get("phone")),
        birth_year=typed_int(data["birth_year"]),
        management=sent(data["management"]),
        is_active=typed_checkbox(data, "is_active"),
    )
    assert_spelled(cadre, phone=MOBILE)


def test_cadre_form_files_exactly_the_cadre_typed(client_as, tree, personas, cadres):
    """County staff file a cadre anywhere in the county, with a birth year 1940–2010."""
    client = client_as("county_staff")
    url = reverse("cadres:cadre_create")
    examples = fz.form_data(cadre_fields(tree))

    def stored(outcome, data):
        cadre = outcome.new_row(Cadre)
        assert_cadre_stored(cadre, data)
        assert_recorded_by(cadre, personas.county_staff)

    fuzz_form(client, url, examples, stored)


def test_cadre_form_edits_exactly_what_was_changed(client_as, tree, personas, cadres):
    """Editing 甲书记 may move him, recategorize him or mark him no longer in post."""
    client = client_as("county_staff")
    url = reverse("cadres:cadre_update", args=[cadres.principal_a.pk])
    examples = fz.form_data(cadre_fields(tree))

    def stored(outcome, data):
        assert_cadre_stored(cadres.principal_a, data)
        assert_recorded_by(cadres.principal_a, personas.county_staff)

    fuzz_form(client, url, examples, stored)


@st.composite
def record_data(draw, subjects: dict, out_of_scope: list[str]):
    """A record whose checkpoint usually belongs to its subject's set (as the page offers)."""
    subject_field = fz.Field(
        st.sampled_from(sorted(subjects)),
        st.one_of(
            st.sampled_from([*out_of_scope, "c", "t", "c0", "c-1", "c²", "t١", "x1", "c1.0"]),
            st.sampled_from(["c", "t"]).map(lambda kind: kind + "9" * 30),
            fz.hostile_text(10),
        ),
    )
    data = draw(
        fz.form_data(
            {
                "subject": subject_field,
                "occurred_on": fz.date(D(2026, 1, 1)),
                "polarity": fz.choice(Polarity.values),
                "dimensions": fz.several(Dimension.values),
                "description": fz.text(2000),
                "place": fz.text(100),
                "source": fz.choice(Source.values),
                "evidence": fz.uploads(2),
                # The picker's search box travels with the form.
                "q": fz.Field(st.just(fz.OMIT), fz.hostile_text(30)),
            }
        )
    )
    checkpoint_set = subjects.get(sent(data.get("subject")))
    own = CHECKPOINTS[checkpoint_set] if checkpoint_set else list(Checkpoint)
    checkpoint = fz.choice(Checkpoint.values)
    data["checkpoint"] = draw(
        st.one_of(st.sampled_from([c.value for c in own]), checkpoint.valid, checkpoint.hostile)
    )
    if data["checkpoint"] is fz.OMIT:
        del data["checkpoint"]
    return data


def test_record_form_keeps_exactly_what_was_observed(client_as, tree, personas, cadres, settings):
    """Township A records its own cadres and team; township B's are not in its picker."""
    settings.UPLOAD_MAX_BYTES = fz.UPLOAD_LIMIT
    client = client_as("township_a")
    url = reverse("cadres:record_create")
    subjects = {
        f"c{cadres.principal_a.pk}": CheckpointSet.PRINCIPAL,
        f"c{cadres.young_a.pk}": CheckpointSet.YOUNG,
        f"t{tree.township_a.pk}": CheckpointSet.TEAM,
    }
    out_of_scope = [f"c{cadres.principal_b.pk}", f"t{tree.township_b.pk}", f"t{tree.village_a.pk}"]
    examples = record_data(subjects, out_of_scope)

    def stored(outcome, data):
        record = outcome.new_row(FrontlineRecord)
        subject = sent(data["subject"])
        is_team = subject.startswith("t")
        assert_stored(
            record,
            cadre_id=None if is_team else int(subject[1:]),
            team_id=int(subject[1:]) if is_team else None,
            occurred_on=typed_date(data["occurred_on"]),
            polarity=sent(data["polarity"]),
            checkpoint=sent(data["checkpoint"]),
            dimensions=join_codes(data["dimensions"], Dimension),
            description=typed_text(data["description"]),
            place=typed_text(data["place"]),
            source=sent(data["source"]),
            recorded_by_id=personas.township_a.pk,
            reviewed_at=None,
        )
        files = fz.files_sent(data.get("evidence"))
        kept = list(Evidence.objects.filter(record=record).order_by("pk"))
        assert len(kept) == len(files)
        for evidence, upload in zip(kept, files, strict=True):
            assert_file_kept(evidence.file, upload)
            assert evidence.content_type == upload.content_type
            assert evidence.size == evidence.file.size
            if upload.plain_name:
                assert evidence.original_name == upload.name
        assert_recorded_by(record, personas.township_a)

    fuzz_form(client, url, examples, stored)


@st.composite
def accountability_measures(draw) -> list[str]:
    """Measures a cadre may be held to account with: any of the others, and at most one
    组织调整或者组织处理 (问责条例第八条: alone or combined)."""
    others = [m for m in CADRE_MEASURES if m not in ORGANIZATIONAL_MEASURES]
    chosen = draw(st.lists(st.sampled_from(others), unique=True, max_size=len(others)))
    organizational = draw(st.one_of(st.none(), st.sampled_from(sorted(ORGANIZATIONAL_MEASURES))))
    chosen += [organizational] if organizational else []
    return chosen or [Measure.CIRCULAR]


@st.composite
def outcome_data(draw, records: list[int], out_of_scope: list[int]):
    """A recommendation or adjustment without a measure, or accountability with some."""
    kind = draw(st.sampled_from(OutcomeKind.values))
    measures = accountability_measures() if kind == OutcomeKind.ACCOUNTABILITY else st.just(OMIT)
    return draw(
        fz.form_data(
            {
                "kind": fz.Field(st.just(kind), fz.choice(OutcomeKind.values).hostile),
                "measures": fz.Field(measures, fz.several(Measure.values).hostile),
                "reason": fz.text(2000),
                "records": fz.pks(records, out_of_scope),
                "follows": fz.Field(st.just(""), fz.pk([], out_of_scope).hostile),
            }
        )
    )


def test_outcome_form_proposes_exactly_what_was_typed(client_as, personas, cadres):
    """An outcome for 甲书记 rests on his own reviewed records, never on 乙书记's."""
    client = client_as("county_staff")
    cadre = cadres.principal_a
    url = reverse("cadres:outcome_create", args=[cadre.pk])
    examples = outcome_data([cadres.record_a.pk], [cadres.record_b.pk, cadres.team_record_a.pk])

    def stored(outcome, data):
        proposal = outcome.new_row(Outcome)
        assert_stored(
            proposal,
            cadre_id=cadre.pk,
            team_id=None,
            kind=sent(data["kind"]),
            measures=join_codes(sent_list(data.get("measures")), Measure),
            reason=typed_text(data["reason"]),
            state=OutcomeState.PROPOSED,
            follows_id=None,
            created_by_id=personas.county_staff.pk,
        )
        assert {r.pk for r in proposal.records.all()} == {int(r) for r in data["records"]}
        step = outcome.new_row(OutcomeStep)
        assert_stored(
            step,
            outcome_id=proposal.pk,
            state=OutcomeState.PROPOSED,
            acted_on=fz.TODAY,
            reason=typed_text(data["reason"]),
        )

    fuzz_form(client, url, examples, stored)


@pytest.fixture
def proposal(cadres, personas):
    """Proposed today, so today is the only day its next step may carry."""
    return outcome_propose(
        user=personas.county_staff,
        subject=cadres.principal_a,
        kind=OutcomeKind.ACCOUNTABILITY,
        measures=[Measure.CIRCULAR],
        reason="擅离岗位",
        records=[cadres.record_a],
    )


def test_outcome_step_form_records_exactly_the_step_taken(client_as, personas, proposal):
    """A proposal is reviewed or withdrawn next, dated today, with a reason, by a colleague
    of its proposer (four eyes: the proposer may not review it)."""
    client = client_as("county_colleague")
    url = reverse("cadres:outcome_step", args=[proposal.pk])
    states = fz.choice(OutcomeState.values)
    examples = fz.form_data(
        {
            "state": fz.Field(
                st.sampled_from([OutcomeState.REVIEWED, OutcomeState.WITHDRAWN]),
                st.one_of(states.valid, states.hostile),
            ),
            "acted_on": fz.date(fz.TODAY),
            "reason": fz.text(1000),
        }
    )

    def stored(outcome, data):
        step = outcome.new_row(OutcomeStep)
        assert_stored(
            step,
            outcome_id=proposal.pk,
            state=sent(data["state"]),
            acted_on=typed_date(data["acted_on"]),
            reason=typed_text(data["reason"]),
            acted_by_id=personas.county_colleague.pk,
        )
        assert_stored(proposal, state=sent(data["state"]))

    fuzz_form(client, url, examples, stored)


def test_commendation_form_nominates_exactly_what_was_typed(client_as, personas, cadres):
    """A cadre is nominated on his own records."""
    client = client_as("county_staff")
    cadre = cadres.principal_a
    url = reverse("cadres:commendation_create") + f"?cadre={cadre.pk}"
    examples = fz.form_data(
        {
            "title": fz.text(100),
            "citation": fz.text(3000),
            "records": fz.pks([cadres.record_a.pk], [cadres.record_b.pk, cadres.team_record_a.pk]),
        }
    )

    def stored(outcome, data):
        commendation = outcome.new_row(Commendation)
        assert_stored(
            commendation,
            kind=CommendationKind.INDIVIDUAL,
            cadre_id=cadre.pk,
            organization_id=None,
            member_id=None,
            title=typed_text(data["title"]),
            citation=typed_text(data["citation"]),
            state=CommendationState.NOMINATED,
            created_by_id=personas.county_staff.pk,
        )
        assert {r.pk for r in commendation.records.all()} == {int(r) for r in data["records"]}
        assert_recorded_by(commendation, personas.county_staff)

    fuzz_form(client, url, examples, stored)


@pytest.fixture
def nomination(tree, personas):
    """Village A nominated as an advanced collective."""
    return commendation_nominate(
        user=personas.county_staff,
        nominee=tree.village_a,
        title="抗击疫情先进基层党组织",
        citation="全村无一例感染",
    )


def test_notice_form_starts_exactly_the_period_given(client_as, personas, nomination):
    """公示 runs from today or later for at least five working days."""
    client = client_as("county_staff")
    url = reverse("cadres:commendation_notice", args=[nomination.pk])
    examples = fz.form_data(
        {
            "notice_starts_on": fz.date(fz.TODAY - DAY, fz.TODAY + 5 * DAY),
            "notice_ends_on": fz.date(fz.TODAY, fz.TODAY + 40 * DAY),
        }
    )

    def stored(outcome, data):
        assert_stored(
            nomination,
            notice_starts_on=typed_date(data["notice_starts_on"]),
            notice_ends_on=typed_date(data["notice_ends_on"]),
            state=CommendationState.IN_NOTICE,
        )
        assert_recorded_by(nomination, personas.county_staff)

    fuzz_form(client, url, examples, stored, post=submit_step)


def test_decision_form_records_exactly_the_decision_and_note(client_as, personas, nomination):
    """After a week of 公示 the county confirms or withdraws, with its note."""
    notice_ended(nomination, personas.county_staff)
    client = client_as("county_staff")
    url = reverse("cadres:commendation_decide", args=[nomination.pk])
    examples = fz.form_data(
        {
            "action": fz.choice(["confirm", "withdraw"]),
            "decision_note": fz.text(500, required=False),
        }
    )

    def stored(outcome, data):
        confirmed = sent(data["action"]) == "confirm"
        assert_stored(
            nomination,
            state=CommendationState.CONFIRMED if confirmed else CommendationState.WITHDRAWN,
            decision_note=typed_text(data.get("decision_note")),
            decided_on=fz.TODAY,
        )
        assert_recorded_by(nomination, personas.county_staff)

    fuzz_form(client, url, examples, stored, post=submit_step)
