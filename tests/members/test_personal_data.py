"""ID numbers are checked as the national standard says, and masked on screen."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from organizations.personal import (
    build_id_number,
    mask_id_number,
    mask_phone,
    mobile_validator,
    parse_id_number,
)


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
