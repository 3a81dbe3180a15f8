"""The member registry: what is derived, what is refused, what history keeps."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from members.choices import MemberCategory, MemberStatus
from members.models import Member
from members.services import member_create, member_update
from organizations.services import temporary_branch_open
from tests.factories import MemberFactory, id_number


def _fields(tree, **overrides):
    return {
        "name": "王红",
        "id_number": id_number(birth=datetime.date(1980, 5, 4), male=False),
        "ethnicity": "回族",
        "education": "bachelor",
        "phone": "13712345678",
        "joined_on": datetime.date(2005, 7, 1),
        "full_member_on": None,
        "organization": tree.village_a,
        "category": MemberCategory.EMPLOYED,
        **overrides,
    }


def test_gender_birth_date_status_and_township_are_derived(tree, personas):
    member = member_create(user=personas.township_a, **_fields(tree))
    assert (member.gender, member.birth_date) == ("female", datetime.date(1980, 5, 4))
    assert member.status == MemberStatus.PROBATIONARY
    assert member.township == tree.township_a
    member = member_update(
        member=member, user=personas.township_a, full_member_on=datetime.date(2006, 7, 1)
    )
    assert Member.objects.get(pk=member.pk).status == MemberStatus.FULL
    history = list(member.history.order_by("history_date"))
    assert [record.history_type for record in history] == ["+", "~"]
    assert history[-1].history_user == personas.township_a
    assert history[-1].status == MemberStatus.FULL


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id_number": "410702198005040021"}, "id_number", "校验位不正确"),
        ({"phone": "1381234567"}, "phone", "11 位大陆手机号码"),
        ({"phone": "23812345678"}, "phone", "11 位大陆手机号码"),
        ({"joined_on": datetime.date(2099, 1, 1)}, "joined_on", "入党日期不能晚于今天"),
        ({"joined_on": datetime.date(1990, 1, 1)}, "joined_on", "入党时应年满十八周岁"),
        (
            {"full_member_on": datetime.date(2004, 1, 1)},
            "full_member_on",
            "转正日期必须晚于入党日期",
        ),
        ({"category": MemberCategory.COUNTY_ORGAN}, "category", "必须属于县直单位"),
    ],
)
def test_bad_member_data_is_refused_and_nothing_saved(tree, personas, overrides, field, message):
    with pytest.raises(ValidationError) as refused:
        member_create(user=personas.township_a, **_fields(tree, **overrides))
    assert message in " ".join(refused.value.message_dict[field])
    assert not Member.objects.exists()


def test_membership_stays_with_a_branch_never_a_temporary_one(tree, personas):
    temporary = temporary_branch_open(
        secretary_name="临时书记",
        parent=tree.township_a,
        user=personas.township_a,
        name="卡口临时党支部",
        sector="rural",
    )
    for organization in (temporary, tree.general_a, tree.township_a):
        with pytest.raises(ValidationError, match="只能在党支部"):
            member_create(user=personas.township_a, **_fields(tree, organization=organization))
    assert not Member.objects.exists()


def test_id_number_is_unique(tree, personas):
    member = MemberFactory(organization=tree.village_a)
    with pytest.raises(ValidationError) as refused:
        member_create(user=personas.township_a, **_fields(tree, id_number=member.id_number))
    assert "身份证号码" in " ".join(refused.value.message_dict["id_number"])
    assert Member.objects.count() == 1


FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize("digits", [FULL_WIDTH, ARABIC_INDIC])
def test_the_same_number_in_other_digits_is_not_a_second_person(tree, personas, digits):
    """Found by fuzzing: "４１０７…" passed the checks (the pattern took any digit), so a person
    could be registered again past the uniqueness constraint, and phones of such digits kept."""
    member = MemberFactory(organization=tree.village_a)
    disguised = member.id_number[:17].translate(digits) + member.id_number[17]
    with pytest.raises(ValidationError) as refused:
        member_create(user=personas.township_a, **_fields(tree, id_number=disguised))
    assert "应为 18 位" in " ".join(refused.value.message_dict["id_number"])
    with pytest.raises(ValidationError) as refused:
        phone = "13" + "712345678".translate(digits)
        member_create(user=personas.township_a, **_fields(tree, phone=phone))
    assert "11 位大陆手机号码" in " ".join(refused.value.message_dict["phone"])
    assert Member.objects.count() == 1


def test_county_organ_members_belong_to_county_organs(tree, personas):
    member = member_create(
        user=personas.county_staff,
        **_fields(tree, organization=tree.organ_branch, category=MemberCategory.COUNTY_ORGAN),
    )
    assert member.township is None
