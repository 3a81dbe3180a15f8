"""A small front line in each township of the test county."""

import datetime
from types import SimpleNamespace

import pytest

from members.choices import MemberCategory, PostKind, RegistrationRole
from members.services import (
    activist_create,
    care_record,
    discipline_record,
    post_assign,
    post_create,
    registration_create,
)
from tests.factories import MemberFactory, UserFactory, id_number

D = datetime.date


@pytest.fixture
def front(tree, personas):
    a1 = MemberFactory(organization=tree.village_a, name="甲党员一")
    a2 = MemberFactory(organization=tree.village_a, name="甲党员二", phone="13800001111")
    b1 = MemberFactory(organization=tree.community_b, name="乙党员一")
    organ = MemberFactory(
        organization=tree.organ_branch, name="县直党员", category=MemberCategory.COUNTY_ORGAN
    )

    def post(organization, name, user):
        return post_create(
            user=user,
            organization=organization,
            kind=PostKind.ZONE,
            name=name,
            place="一组",
            duty="入户排查",
            households_covered=50,
            starts_on=D(2026, 1, 25),
        )

    post_a = post(tree.village_a, "甲村责任区", personas.township_a)
    post_assign(post=post_a, member=a1, user=personas.township_a, starts_on=D(2026, 1, 25))
    post_b = post(tree.community_b, "乙社区责任区", personas.township_b)
    registration = registration_create(
        user=personas.township_a,
        member=organ,
        organization=tree.village_a,
        role=RegistrationRole.SCREENER,
        starts_on=D(2026, 2, 1),
    )

    def activist(organization, name, user):
        return activist_create(
            user=user,
            name=name,
            id_number=id_number(birth=D(1998, 1, 1)),
            education="college",
            organization=organization,
            applied_on=D(2024, 1, 1),
            performance="值守卡口",
        )

    care_a = care_record(
        user=personas.township_a,
        organization=tree.village_a,
        member=a2,
        difficulty="家中老人无人照料",
        reported_on=D(2026, 2, 1),
    )
    care_b = care_record(
        user=personas.township_b,
        organization=tree.community_b,
        member=b1,
        difficulty="孩子无人看护",
        reported_on=D(2026, 2, 1),
    )
    case_a = discipline_record(
        user=personas.township_a,
        member=a2,
        deciding_organization=tree.village_a,
        kind="handling",
        reason="retreated",
        facts="擅离岗位",
        decision="criticism",
        decided_on=D(2026, 2, 2),
    )
    return SimpleNamespace(
        a1=a1,
        a2=a2,
        b1=b1,
        organ=organ,
        post_a=post_a,
        post_b=post_b,
        registration=registration,
        activist_a=activist(tree.village_a, "甲积极分子", personas.township_a),
        activist_b=activist(tree.community_b, "乙积极分子", personas.township_b),
        care_a=care_a,
        care_b=care_b,
        case_a=case_a,
        organ_secretary=UserFactory(
            username="organ_branch", role="branch_secretary", organization=tree.organ_branch
        ),
    )
