"""Cadres and records in both townships of the test county."""

import datetime
from types import SimpleNamespace

import pytest

from cadres.choices import Checkpoint
from cadres.services import record_create
from tests.factories import CadreFactory, cadre_category

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
    record_a = observe(principal_a, personas.county_staff, Checkpoint.IN_FRONT)
    record_b = observe(principal_b, personas.county_staff, Checkpoint.AT_POST, polarity="poor")
    team_record_a = observe(tree.township_a, personas.county_staff, Checkpoint.TOP_PRIORITY)
    return SimpleNamespace(
        principal_a=principal_a,
        young_a=young_a,
        principal_b=principal_b,
        record_a=record_a,
        record_b=record_b,
        team_record_a=team_record_a,
    )
