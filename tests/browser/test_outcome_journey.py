"""One outcome from proposal to decision in a real browser, by two county-staff users
(four eyes, issue #16 §2), checked in the database."""

from cadres.models import FrontlineRecord, Outcome
from organizations.models import User


def test_an_accountability_is_proposed_by_one_and_reviewed_and_decided_by_another(open_page):
    record = (
        FrontlineRecord.objects.filter(cadre__isnull=False, reviewed_at__isnull=False)
        .exclude(cadre__outcomes__isnull=False)
        .order_by("pk")
        .first()
    )
    cadre = record.cadre
    proposer = open_page("county")
    proposer.goto(f"{proposer.base}/cadres/{cadre.pk}/outcomes/new/")
    proposer.select_option("select[name=kind]", "accountability")
    proposer.select_option("select[name=measure]", "admonition")
    proposer.fill("textarea[name=reason]", "卡口值守擅离岗位")
    proposer.check(f"input[name=records][value='{record.pk}']")
    proposer.click("button:has-text('保存')")
    proposer.wait_for_url("**/cadres/outcomes/*/")
    outcome = Outcome.objects.get(cadre=cadre, reason="卡口值守擅离岗位")
    assert proposer.locator("text=待他人审核：提出人不能审核。").count() == 1
    assert proposer.locator("a:has-text('审核…')").count() == 0

    colleague = open_page("county2")
    colleague.goto(f"{colleague.base}/cadres/outcomes/{outcome.pk}/")
    for step, reason in (("审核…", "事实清楚"), ("决定…", "部务会研究同意")):
        colleague.click(f"a:has-text('{step}')")
        colleague.wait_for_url("**/step/confirm/**")
        assert colleague.locator(f"text={cadre.name}").count() >= 1
        colleague.fill("textarea[name=reason]", reason)
        colleague.click("button:has-text('确认')")
        colleague.wait_for_url(f"**/cadres/outcomes/{outcome.pk}/")

    outcome.refresh_from_db()
    assert outcome.state == "decided"
    assert list(outcome.steps.values_list("state", "acted_by__username")) == [
        ("proposed", "county"),
        ("reviewed", "county2"),
        ("decided", "county2"),
    ]
    assert User.objects.get(username="county2").role == "county_staff"
