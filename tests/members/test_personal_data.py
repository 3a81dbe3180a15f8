"""ID numbers are checked as the national standard says, and masked on screen."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import Member
from organizations.models import PersonalDataReveal
from organizations.personal import (
    build_id_number,
    mask_id_number,
    mask_phone,
    mobile_validator,
    parse_id_number,
)
from tests.web import form_with


def test_a_valid_number_gives_birth_date_and_gender():
    assert parse_id_number("11010519491231002X") == (datetime.date(1949, 12, 31), "female")
    male = build_id_number("410702", datetime.date(1990, 3, 7), 123)
    assert parse_id_number(male) == (datetime.date(1990, 3, 7), "male")
    assert parse_id_number(male.lower()) == (datetime.date(1990, 3, 7), "male")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("110105194912310021", "校验位不正确"),
        ("41070219900230123", "应为 18 位"),
        ("4107021990023012345", "应为 18 位"),
        ("41070219900A301234", "应为 18 位"),
        ("", "应为 18 位"),
        ("１１０１０５１９４９１２３１００２X", "应为 18 位"),  # full-width digits
    ],
)
def test_malformed_numbers_are_refused(value, message):
    with pytest.raises(ValidationError, match=message):
        parse_id_number(value)


@pytest.mark.parametrize("value", ["13912345678\n", "139１２３４５６７８", "139١٢٣٤٥٦٧٨"])
def test_mobile_numbers_are_ascii_digits_and_nothing_after(value):
    """Found by fuzzing: the pattern's \\d took any script's digits and $ a final newline."""
    with pytest.raises(ValidationError, match="11 位大陆手机号码"):
        mobile_validator(value)


def test_a_birth_date_that_does_not_exist_is_refused():
    first_17 = "41070219900230123"  # 30 February
    from organizations.personal import id_number_check_character

    with pytest.raises(ValidationError, match="出生日期不存在"):
        parse_id_number(first_17 + id_number_check_character(first_17))


def test_a_birth_date_in_the_future_is_refused():
    with pytest.raises(ValidationError, match="出生日期不合理"):
        parse_id_number(build_id_number("410702", datetime.date(2099, 1, 1), 11))


def test_masks_keep_only_what_tells_people_apart():
    assert mask_id_number("410702199003071235") == "4107**********1235"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("") == mask_phone("") == ""


def test_opening_the_edit_page_is_a_recorded_reveal_and_saving_still_works(web, front, personas):
    """The edit form holds the full ID number and phone (issue #15 item 3)."""
    page = web("township_a").get(reverse("members:member_update", args=[front.a2.pk]))
    assert front.a2.id_number in page.text and "13800001111" in page.text
    assert page.headers["Cache-Control"] == "no-store"
    record = PersonalDataReveal.objects.get()
    assert (record.user, record.subject) == (personas.township_a, front.a2)
    assert "身份证号码" in record.fields and "手机号码" in record.fields
    form = form_with(page, "phone")
    form["phone"] = "12"
    assert "11 位大陆手机号码" in form.submit(status=200).text
    form["phone"] = "13800001111"
    form["ethnicity"] = "回族"
    form.submit().follow()
    assert Member.objects.get(pk=front.a2.pk).ethnicity == "回族"
    # Saving, or a form sent back with errors, shows only what was typed: no new record.
    assert PersonalDataReveal.objects.count() == 1


def test_the_edit_page_refused_to_a_leader_records_nothing(web, front):

    web("leader").get(reverse("members:member_update", args=[front.a2.pk]), status=403)
    assert not PersonalDataReveal.objects.exists()
