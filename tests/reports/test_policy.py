"""Reports ask the one policy table (organizations/policy.py): a page offers a step exactly
when the step would be allowed, and a refusal says why in Chinese and changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from reports.models import Acknowledgement, Directive, Need, ReportingCadence, StatusReport
from reports.services import (
    cadence_update,
    directive_acknowledge,
    notice_directive_ensure,
    report_submit,
)

D = datetime.date
PERSONAS = ["admin", "county_staff", "leader", "township_a", "township_b", "branch"]


@pytest.fixture
def daily(personas):
    return cadence_update(
        user=personas.county_staff,
        kind="daily",
        every_days=1,
        anchor=D(2026, 1, 25),
        grace_hours=12,
        include_branches=False,
    )


def _snapshot():
    return (
        StatusReport.objects.count(),
        StatusReport.history.count(),
        Need.history.count(),
        Directive.objects.count(),
        Acknowledgement.objects.count(),
        ReportingCadence.history.count(),
    )


def _links(page, url):
    return [a for a in page.html.select("main a") if a.get("href", "").split("?")[0] == url]


@pytest.mark.parametrize("persona", PERSONAS)
def test_county_steps_are_offered_to_exactly_who_may_take_them(web, daily, persona):
    """发布部署 and 设置报送周期: the county staff and the administrator, and nobody else."""
    allowed = persona in ("admin", "county_staff")
    browser = web(persona)
    for page_url, step_url in (
        (reverse("reports:directive_list"), reverse("reports:directive_create")),
        (reverse("reports:completeness"), reverse("reports:cadence")),
    ):
        assert bool(_links(browser.get(page_url), step_url)) is allowed, step_url
        assert browser.get(step_url, expect_errors=True).status_code == (200 if allowed else 403)


@pytest.mark.parametrize("include_branches", [False, True])
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_report_list_offers_filing_exactly_when_filing_is_allowed(
    web, personas, persona, include_branches
):
    cadence_update(
        user=personas.county_staff,
        kind="daily",
        every_days=1,
        anchor=D(2026, 1, 25),
        grace_hours=12,
        include_branches=include_branches,
    )
    allowed = persona in ("township_a", "township_b") or (persona == "branch" and include_branches)
    browser = web(persona)
    url = reverse("reports:report_file")
    assert bool(_links(browser.get(reverse("reports:report_list")), url)) is allowed
    assert browser.get(url, expect_errors=True).status_code == (200 if allowed else 403)


@pytest.mark.parametrize(
    ("persona", "method", "name", "reason"),
    [
        ("leader", "post", "reports:cadence", "您的角色不能设置报送周期。"),
        ("township_a", "post", "reports:directive_create", "您的角色不能发布部署。"),
        ("county_staff", "get", "reports:report_file", "您的角色不能报送情况。"),
        (
            "branch",
            "post",
            "reports:report_file",
            "本组织不在报送范围内：乡镇（街道）报送，党支部在县委组织部设置为报送时报送。",
        ),
        ("admin", "get", "reports:report_file", "您的账号没有所在组织，不能报送或签收。"),
    ],
)
def test_a_refused_step_says_why_and_changes_nothing(
    client_as, daily, persona, method, name, reason
):
    before = _snapshot()
    data = {"risk": "calm", "title": "部署", "kind": "weekly", "anchor": "2026-02-02"}
    response = getattr(client_as(persona), method)(reverse(name), data)
    assert response.status_code == 403
    assert reason in response.content.decode()
    assert _snapshot() == before


def test_the_need_answer_is_refused_to_a_township_with_the_reason(client_as, tree, personas, daily):
    period = daily.period_for(D(2026, 2, 4))
    report_submit(
        user=personas.township_a,
        organization=tree.township_a,
        period=period,
        risk="calm",
        needs=["缺口罩"],
    )
    need = Need.objects.get()
    before = (_snapshot(), need.history.count())
    client = client_as("township_a")
    for name in ("reports:need_answer", "reports:need_reopen"):
        response = client.post(reverse(name, args=[need.pk]), {"answer": "自己答", "reason": "x"})
        assert response.status_code == 403
        assert "您的角色不能" in response.content.decode()
    page = client.get(reverse("reports:need_detail", args=[need.pk])).content.decode()
    assert 'name="answer"' not in page
    assert (_snapshot(), need.history.count()) == before


def test_a_branch_that_does_not_report_cannot_file_or_sign_through_the_services(
    tree, personas, daily
):
    directive = notice_directive_ensure()
    before = _snapshot()
    with pytest.raises(PermissionDenied, match="本组织不在报送范围内"):
        report_submit(
            user=personas.branch,
            organization=tree.village_a,
            period=daily.period_for(D(2026, 2, 4)),
            risk="calm",
        )
    with pytest.raises(PermissionDenied, match="本组织不在报送范围内"):
        directive_acknowledge(
            directive=directive, organization=tree.village_a, user=personas.branch
        )
    with pytest.raises(PermissionDenied, match="只能为本组织报送或签收"):
        report_submit(
            user=personas.township_a,
            organization=tree.township_b,
            period=daily.period_for(D(2026, 2, 4)),
            risk="calm",
        )
    assert _snapshot() == before
