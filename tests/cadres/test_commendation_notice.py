"""表彰's 公示 (issue #16 §4): from today or later, at least five working days, objections
recorded during it and resolved before confirmation; confirmation only after it ends."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cadres.choices import CommendationState
from cadres.models import Commendation, CommendationObjection
from cadres.services import (
    commendation_confirm,
    commendation_nominate,
    commendation_start_notice,
    objection_record,
    objection_resolve,
    working_days,
)
from tests.web import form_with

from .conftest import let_notice_pass

DAY = datetime.timedelta(days=1)
TODAY = timezone.localdate()
NEXT_MONDAY = TODAY + (7 - TODAY.weekday()) * DAY


@pytest.fixture
def nomination(tree, personas, cadres):
    return commendation_nominate(
        user=personas.county_staff, nominee=tree.village_a, title="先进基层党组织", citation="事迹"
    )


def _state(commendation):
    row = Commendation.objects.get(pk=commendation.pk)
    return (
        row.state,
        row.notice_starts_on,
        row.notice_ends_on,
        row.history.count(),
        CommendationObjection.history.count(),
    )


def test_working_days_count_monday_to_friday():
    monday = datetime.date(2026, 12, 7)
    assert working_days(monday, monday + 4 * DAY) == 5  # Monday to Friday
    assert working_days(monday + 4 * DAY, monday + 10 * DAY) == 5  # Friday to Thursday
    assert working_days(monday + 5 * DAY, monday + 10 * DAY) == 4  # Saturday to Thursday
    assert working_days(monday, monday - DAY) == 0


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field", "message"),
    [
        (TODAY - DAY, TODAY + 9 * DAY, "notice_starts_on", "公示开始日期不能早于今天"),
        (NEXT_MONDAY, NEXT_MONDAY + 3 * DAY, "notice_ends_on", "公示期不少于 5 个工作日"),
        (NEXT_MONDAY + 5 * DAY, NEXT_MONDAY + 10 * DAY, "notice_ends_on", "只有 4 个"),
    ],
    ids=["in the past", "four weekdays", "a weekend does not count"],
)
def test_a_notice_in_the_past_or_too_short_is_refused(
    personas, nomination, starts_on, ends_on, field, message
):
    before = _state(nomination)
    with pytest.raises(ValidationError) as refused:
        commendation_start_notice(
            commendation=nomination,
            user=personas.county_staff,
            starts_on=starts_on,
            ends_on=ends_on,
        )
    assert message in " ".join(refused.value.message_dict[field])
    assert _state(nomination) == before


def test_five_working_days_from_a_friday_are_enough(personas, nomination):
    friday = NEXT_MONDAY + 4 * DAY
    commendation_start_notice(
        commendation=nomination,
        user=personas.county_staff,
        starts_on=friday,
        ends_on=friday + 6 * DAY,
    )
    assert _state(nomination)[:3] == (CommendationState.IN_NOTICE, friday, friday + 6 * DAY)


def test_the_minimum_is_a_setting(personas, nomination, settings):
    settings.COMMENDATION_NOTICE_WORKING_DAYS = 7
    with pytest.raises(ValidationError, match="不少于 7 个工作日"):
        commendation_start_notice(
            commendation=nomination,
            user=personas.county_staff,
            starts_on=NEXT_MONDAY,
            ends_on=NEXT_MONDAY + 4 * DAY,
        )
    assert _state(nomination)[0] == CommendationState.NOMINATED


def test_an_objection_is_recorded_only_during_the_notice(personas, nomination):
    staff = personas.county_staff
    with pytest.raises(ValidationError, match="只有公示中的表彰可以登记异议"):
        objection_record(
            commendation=nomination, user=staff, raised_by="村民", raised_on=TODAY, content="x"
        )
    commendation_start_notice(
        commendation=nomination, user=staff, starts_on=TODAY + DAY, ends_on=TODAY + 8 * DAY
    )
    with pytest.raises(ValidationError, match="异议须在公示期内"):
        objection_record(
            commendation=nomination, user=staff, raised_by="村民", raised_on=TODAY, content="x"
        )
    assert not CommendationObjection.objects.exists()


def test_an_open_objection_holds_the_confirmation_until_it_is_resolved(personas, nomination):
    staff = personas.county_staff
    commendation_start_notice(
        commendation=nomination, user=staff, starts_on=TODAY, ends_on=TODAY + 6 * DAY
    )
    objection = objection_record(
        commendation=nomination, user=staff, raised_by="匿名", raised_on=TODAY, content="离岗"
    )
    let_notice_pass(nomination)
    before = _state(nomination)
    with pytest.raises(ValidationError, match="1 条异议尚未处理"):
        commendation_confirm(commendation=nomination, user=staff)
    assert _state(nomination) == before

    objection_resolve(objection=objection, user=staff, upheld=False, resolution="经核实不属实")
    objection.refresh_from_db()
    assert (objection.upheld, objection.resolved_by, objection.resolved_on) == (
        False,
        staff,
        TODAY,
    )
    with pytest.raises(ValidationError, match="该异议已处理"):
        objection_resolve(objection=objection, user=staff, upheld=True, resolution="改")
    commendation_confirm(commendation=nomination, user=staff)
    assert Commendation.objects.get(pk=nomination.pk).state == CommendationState.CONFIRMED


def test_an_upheld_objection_withdraws_the_commendation(personas, nomination):
    staff = personas.county_staff
    commendation_start_notice(
        commendation=nomination, user=staff, starts_on=TODAY, ends_on=TODAY + 6 * DAY
    )
    objection = objection_record(
        commendation=nomination, user=staff, raised_by="村民", raised_on=TODAY, content="造假"
    )
    objection_resolve(objection=objection, user=staff, upheld=True, resolution="属实")
    nomination.refresh_from_db()
    assert (nomination.state, nomination.decision_note) == (
        CommendationState.WITHDRAWN,
        "异议成立：属实",
    )


def test_the_page_shows_the_notice_the_objections_and_the_next_step(web, personas, nomination):
    staff = personas.county_staff
    commendation_start_notice(
        commendation=nomination, user=staff, starts_on=TODAY, ends_on=TODAY + 6 * DAY
    )
    county = web("county_staff")
    detail = county.get(nomination.get_absolute_url())
    assert f"{TODAY:%Y-%m-%d} 至 {TODAY + 6 * DAY:%Y-%m-%d}" in detail.text
    assert "没有登记异议" in detail.text and "期满后才能确认" in detail.text
    assert "确认表彰…" not in detail.text
    assert "登记异议</a>" not in web("leader").get(nomination.get_absolute_url()).text
    assert "登记异议</a>" in detail.text

    form = form_with(detail.click(description="登记异议"), "content")
    form["raised_by"] = "甲村村民来信"
    form["content"] = "反映值守记录不实"
    detail = form.submit().follow()
    objection = CommendationObjection.objects.get(commendation=nomination)
    assert (objection.raised_by, objection.raised_on, objection.recorded_by) == (
        "甲村村民来信",
        TODAY,
        staff,
    )
    assert "反映值守记录不实" in detail.text and "待处理" in detail.text

    confirm = detail.click(description="处理异议…")
    assert "甲村党支部" in confirm.text and "反映值守记录不实" in confirm.text
    assert "认定异议成立" in confirm.text
    form = form_with(confirm, "resolution")
    form["upheld"] = "no"
    form["resolution"] = "经核实，记录属实"
    detail = form.submit().follow()
    objection.refresh_from_db()
    assert (objection.upheld, objection.resolution) == (False, "经核实，记录属实")
    assert "异议不成立" in detail.text and "处理异议…" not in detail.text

    let_notice_pass(nomination)
    detail = county.get(nomination.get_absolute_url())
    assert "确认表彰…" in detail.text


def test_a_leaders_objection_or_resolution_changes_nothing(client_as, personas, nomination):
    staff = personas.county_staff
    commendation_start_notice(
        commendation=nomination, user=staff, starts_on=TODAY, ends_on=TODAY + 6 * DAY
    )
    objection = objection_record(
        commendation=nomination, user=staff, raised_by="村民", raised_on=TODAY, content="x"
    )
    before = _state(nomination)
    client = client_as("leader")
    response = client.post(
        reverse("cadres:objection_create", args=[nomination.pk]),
        {"raised_by": "领导", "raised_on": TODAY.isoformat(), "content": "y"},
    )
    assert (
        response.status_code == 403
        and "您的角色不能登记公示期间的异议" in response.content.decode()
    )
    response = client.post(
        reverse("cadres:objection_resolve", args=[objection.pk]),
        {"upheld": "yes", "resolution": "z", "resolved_on": TODAY.isoformat()},
    )
    assert response.status_code == 403 and "您的角色不能处理公示异议" in response.content.decode()
    assert _state(nomination) == before
    assert CommendationObjection.objects.get().upheld is None
