"""Cadres and records in both townships of the test county.

A record counts once someone other than its author has reviewed it (four eyes), so the
county has a second staff member here, 县委组织部 colleague "county2", who reviews the
records county staff write.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from cadres.choices import Checkpoint
from cadres.services import record_create, record_review
from organizations.choices import Role
from tests.factories import CadreFactory, UserFactory, cadre_category

# What a decision carries (issue #16 §3): the committee's meeting, where a committee decides,
# and the decision's document number.
DECISION = {"meeting": "县委常委会 2026 年第 3 次会议", "document_number": "县组干〔2026〕7 号"}

D = datetime.date


FEB_1 = D(2026, 2, 1)


def observe(
    subject, user, checkpoint, polarity="outstanding", day=FEB_1, description="连续值守", **extra
):
    return record_create(
        user=user,
        subject=subject,
        occurred_on=day,
        place="卡口",
        description=description,
        polarity=polarity,
        dimensions=["commitment"],
        checkpoint=checkpoint,
        source="site_visit",
        **extra,
    )


def reviewed(record, reviewer):
    """The record as it stands once `reviewer` (not its author) has reviewed it."""
    return record_review(record=record, user=reviewer)


def county_colleague(tree):
    """A second county-staff user: the four eyes beside `personas.county_staff`."""
    return UserFactory(username="county2", role=Role.COUNTY_STAFF, organization=tree.county)


@pytest.fixture
def cadres(tree, personas):
    principal_a = CadreFactory(organization=tree.township_a, name="甲书记")
    young_a = CadreFactory(
        organization=tree.village_a,
        name="甲青年",
        post_title="村党支部副书记",
        category=cadre_category("young"),
    )
    principal_b = CadreFactory(organization=tree.township_b, name="乙书记")
    colleague = county_colleague(tree)
    personas.county_colleague = colleague  # web("county_colleague"), client_as(...)
    staff = personas.county_staff
    record_a = reviewed(observe(principal_a, staff, Checkpoint.IN_FRONT), colleague)
    record_b = reviewed(observe(principal_b, staff, Checkpoint.AT_POST, polarity="poor"), colleague)
    team_record_a = reviewed(observe(tree.township_a, staff, Checkpoint.TOP_PRIORITY), colleague)
    return SimpleNamespace(
        colleague=colleague,
        principal_a=principal_a,
        young_a=young_a,
        principal_b=principal_b,
        record_a=record_a,
        record_b=record_b,
        team_record_a=team_record_a,
    )


def notice_ended(commendation, user):
    """Start the 公示 today for a week (five working days), then let the week pass: the
    dates are moved back a fortnight, as if the test ran after the notice ended."""
    from cadres.services import commendation_start_notice

    today = timezone.localdate()
    commendation_start_notice(
        commendation=commendation,
        user=user,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=6),
    )
    return let_notice_pass(commendation)


def let_notice_pass(commendation):
    """The week of 公示 has gone by: its dates move back a fortnight."""
    from cadres.models import Commendation

    today = timezone.localdate()
    Commendation.objects.filter(pk=commendation.pk).update(
        notice_starts_on=today - datetime.timedelta(days=14),
        notice_ends_on=today - datetime.timedelta(days=8),
    )
    commendation.refresh_from_db()
    return commendation
