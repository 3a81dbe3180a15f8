"""Only a working branch takes a member — whoever places them: the form, the service, an
import. A member already in a branch that has since stopped can still be corrected."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from members.models import Member
from members.services import member_create, member_update, members_import
from organizations.imports import drain
from tests.factories import MemberFactory, id_number

REFUSED = "已停止运行或已撤销，不能接收党员"


@pytest.fixture
def stopped(tree):
    """甲村第一党支部 stops running; 甲村党支部 still works."""
    tree.sub_a.is_active = False
    tree.sub_a.save()
    return tree.sub_a


def _fields(organization, **overrides):
    return {
        "name": "王一",
        "id_number": id_number(),
        "phone": "13712345678",
        "ethnicity": "汉族",
        "education": "bachelor",
        "organization": organization,
        "category": "employed",
        "joined_on": datetime.date(2010, 7, 1),
        "full_member_on": datetime.date(2011, 7, 1),
        **overrides,
    }


def test_a_stopped_branch_takes_no_new_member(personas, stopped):
    with pytest.raises(ValidationError) as refused:
        member_create(user=personas.township_a, **_fields(stopped))
    assert REFUSED in refused.value.message_dict["organization"][0]
    assert not Member.objects.filter(organization=stopped).exists()


def test_nobody_is_moved_into_a_stopped_branch(personas, tree, stopped):
    member = MemberFactory(organization=tree.village_a)
    with pytest.raises(ValidationError) as refused:
        member_update(member=member, user=personas.township_a, organization=stopped)
    assert REFUSED in refused.value.message_dict["organization"][0]
    assert Member.objects.get(pk=member.pk).organization == tree.village_a


def test_a_member_of_a_branch_that_stopped_can_still_be_corrected(personas, tree):
    member = MemberFactory(organization=tree.sub_a)
    tree.sub_a.is_active = False
    tree.sub_a.save()
    member_update(member=member, user=personas.township_a, phone="13800001111")
    member.refresh_from_db()
    assert (member.phone, member.organization) == ("13800001111", tree.sub_a)
    assert member.history.count() == 2


def test_an_import_places_no_one_in_a_stopped_branch_but_updates_who_is_there(personas, tree):
    there = MemberFactory(organization=tree.sub_a)
    tree.sub_a.is_active = False
    tree.sub_a.save()
    rows = [
        _fields(tree.sub_a),
        {**_fields(tree.sub_a), "id_number": there.id_number, "name": "改名"},
        _fields(tree.village_a),
    ]
    outcomes = drain(members_import(user=personas.township_a, rows=rows, dry_run=False))
    assert REFUSED in outcomes[0].message_dict["organization"][0]
    assert outcomes[1:] == ["updated", "created"]
    # One refused row writes nothing at all.
    assert Member.objects.get(pk=there.pk).name != "改名"
    assert list(Member.objects.filter(organization=tree.village_a)) == []
