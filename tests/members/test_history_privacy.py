"""A change log gives away no more of a person than the page above it (issue #15, 2 and 4).

The page masks the ID number and phone and shows the birth date to the month; the birth date
and gender are read from the ID number, so a full birth date in the history completes a
masked ID number (region known, last four shown).
"""

import datetime

import pytest
from django.urls import reverse

from members.models import Member
from members.services import member_update
from organizations.personal import mask_id_number, mask_phone
from tests.factories import MemberFactory, id_number

OLD_BIRTH = datetime.date(1990, 1, 1)
NEW_BIRTH = datetime.date(1985, 5, 5)
OLD_PHONE = "13912345678"
NEW_PHONE = "13800002222"


@pytest.fixture
def corrected(tree, personas):
    """A member whose ID number (so birth date and gender) and phone were corrected."""
    member = MemberFactory(
        organization=tree.village_a,
        name="更正党员",
        id_number=id_number(birth=OLD_BIRTH, male=True),
        phone=OLD_PHONE,
    )
    old_id = member.id_number
    member = member_update(
        member=member,
        user=personas.township_a,
        id_number=id_number(birth=NEW_BIRTH, male=False),
        phone=NEW_PHONE,
    )
    saved = Member.objects.get(pk=member.pk)
    assert (saved.birth_date, saved.gender, saved.phone) == (NEW_BIRTH, "female", NEW_PHONE)
    assert saved.history.count() == 2
    return saved, old_id


def _full_values(member, old_id):
    return [
        old_id,
        member.id_number,
        OLD_PHONE,
        NEW_PHONE,
        OLD_BIRTH.isoformat(),
        NEW_BIRTH.isoformat(),
        "1990年1月1日",
        "1985年5月5日",
    ]


def _change_log(page):
    return page.html.find("h2", string="变更记录").parent.get_text(" ")


@pytest.mark.parametrize("persona", ["leader", "township_a"])
def test_the_member_page_change_log_masks_birth_date_gender_id_and_phone(web, corrected, persona):
    member, old_id = corrected
    page = web(persona).get(reverse("members:member_detail", args=[member.pk]))
    log = _change_log(page)
    for value in _full_values(member, old_id):
        assert value not in log
        assert value not in page.text
    # The change is still told, as masked as the page shows the person.
    assert f"{mask_id_number(old_id)} → {mask_id_number(member.id_number)}" in log
    assert f"{mask_phone(OLD_PHONE)} → {mask_phone(NEW_PHONE)}" in log
    assert "出生日期：1990-01-** → 1985-05-**" in log
    assert "性别：* → *" in log
    # Nothing was revealed by reading the page, and the record is unchanged.
    assert Member.objects.get(pk=member.pk).birth_date == NEW_BIRTH


def test_the_admin_history_of_a_member_shows_no_full_id_number_phone_or_birth_date(web, corrected):
    member, old_id = corrected
    admin = web("admin")
    page = admin.get(reverse("admin:members_member_history", args=[member.pk]))
    changes = page.html.find("table", id="change-history").get_text(" ")
    for value in _full_values(member, old_id):
        assert value not in page.text
    assert mask_id_number(old_id) in changes and mask_id_number(member.id_number) in changes
    assert mask_phone(OLD_PHONE) in changes and mask_phone(NEW_PHONE) in changes
    # Each version opened from the list shows no full value either.
    for record in member.history.all():
        version = admin.get(
            reverse("admin:members_member_simple_history", args=[member.pk, record.pk])
        )
        for value in _full_values(member, old_id):
            assert value not in version.text
    assert Member.objects.get(pk=member.pk).id_number != old_id
