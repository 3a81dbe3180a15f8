"""The member services themselves refuse a leader (read-only) and an organization outside the
user's scope, whichever page, import or script calls them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from members import services
from members.choices import PostKind, RegistrationRole
from members.models import (
    Activist,
    CareRecord,
    DisciplineCase,
    Member,
    Post,
    PostAssignment,
    Registration,
)
from tests.factories import id_number

D = datetime.date
MODELS = (Member, Post, PostAssignment, Registration, Activist, DisciplineCase, CareRecord)


def counts():
    return {model.__name__: model.history.count() for model in MODELS}


def leader_calls(tree, front):
    """One call of every member service, as the county's leader would make it."""
    return {
        "member_create": lambda user: services.member_create(
            user=user,
            name="新党员",
            id_number=id_number(birth=D(1990, 1, 1)),
            education="college",
            organization=tree.village_a,
            category="employed",
            joined_on=D(2015, 7, 1),
        ),
        "member_update": lambda user: services.member_update(
            member=front.a1, user=user, name="改名"
        ),
        "post_create": lambda user: services.post_create(
            user=user,
            organization=tree.village_a,
            kind=PostKind.ZONE,
            name="新责任区",
            starts_on=D(2026, 2, 1),
        ),
        "post_update": lambda user: services.post_update(post=front.post_a, user=user, name="改"),
        "post_assign": lambda user: services.post_assign(
            post=front.post_a, member=front.a2, user=user, starts_on=D(2026, 2, 1)
        ),
        "post_unassign": lambda user: services.post_unassign(
            assignment=PostAssignment.objects.get(post=front.post_a), user=user
        ),
        "registration_create": lambda user: services.registration_create(
            user=user,
            member=front.organ,
            organization=tree.village_a,
            role=RegistrationRole.PUBLICITY,
            starts_on=D(2026, 3, 1),
        ),
        "registration_confirm": lambda user: services.registration_confirm(
            registration=front.registration, user=user
        ),
        "activist_create": lambda user: services.activist_create(
            user=user,
            name="新积极分子",
            id_number=id_number(birth=D(1999, 1, 1)),
            education="college",
            organization=tree.village_a,
            applied_on=D(2024, 1, 1),
            performance="值守",
        ),
        "activist_advance": lambda user: services.activist_advance(
            activist=front.activist_a,
            user=user,
            stage="candidate",
            happened_on=D(2026, 2, 1),
            performance="值守",
        ),
        "discipline_record": lambda user: services.discipline_record(
            user=user,
            member=front.a1,
            deciding_organization=tree.village_a,
            kind="handling",
            reason="retreated",
            facts="擅离岗位",
            decision="criticism",
            decided_on=D(2026, 2, 2),
        ),
        "care_record": lambda user: services.care_record(
            user=user,
            organization=tree.village_a,
            member=front.a1,
            difficulty="无人照料",
            reported_on=D(2026, 2, 1),
        ),
        "care_resolve": lambda user: services.care_resolve(
            care=front.care_a, user=user, action="送去口罩", resolved_on=D(2026, 2, 3)
        ),
        "members_import": lambda user: list(
            services.members_import(user=user, rows=[], dry_run=True)
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "member_create",
        "member_update",
        "post_create",
        "post_update",
        "post_assign",
        "post_unassign",
        "registration_create",
        "registration_confirm",
        "activist_create",
        "activist_advance",
        "discipline_record",
        "care_record",
        "care_resolve",
        "members_import",
    ],
)
def test_a_leader_writes_nothing_through_any_member_service(tree, personas, front, name):
    before = counts()
    with pytest.raises(PermissionDenied):
        leader_calls(tree, front)[name](personas.leader)
    assert counts() == before


def test_registering_with_another_townships_village_is_refused(tree, personas, front):
    before = Registration.objects.count()
    with pytest.raises(PermissionDenied):
        services.registration_create(
            user=personas.township_b,
            member=front.organ,
            organization=tree.village_a,
            role=RegistrationRole.PUBLICITY,
            starts_on=D(2026, 3, 1),
        )
    assert Registration.objects.count() == before
