"""One outcome from proposal to its filing in a real browser, by two county-staff users
(four eyes, issue #16 §2; who decides and what follows, §3), checked in the database."""

from cadres.models import FrontlineRecord, Outcome
from organizations.models import User

from .conftest import shot


def test_an_accountability_is_proposed_by_one_and_taken_to_its_filing_by_another(open_page):
    record = (
        FrontlineRecord.objects.filter(
            cadre__isnull=False, cadre__management="county", reviewed_at__isnull=False
        )
        .exclude(cadre__outcomes__isnull=False)
        .order_by("pk")
        .first()
    )
    cadre = record.cadre
    proposer = open_page("county")
    proposer.goto(f"{proposer.base}/cadres/{cadre.pk}/outcomes/new/")
    proposer.select_option("select[name=kind]", "accountability")
    proposer.check("input[name=measures][value=circular]")
    proposer.check("input[name=measures][value=admonition]")
    proposer.fill("textarea[name=reason]", "卡口值守擅离岗位")
    proposer.check(f"input[name=records][value='{record.pk}']")
    proposer.click("button:has-text('保存')")
    proposer.wait_for_url("**/cadres/outcomes/*/")
    outcome = Outcome.objects.get(cadre=cadre, reason="卡口值守擅离岗位")
    assert outcome.measures == "circular,admonition"
    assert proposer.locator("text=待他人审核：提出人不能审核。").count() == 1
    assert proposer.locator("a:has-text('审核…')").count() == 0

    colleague = open_page("county2")
    colleague.goto(f"{colleague.base}/cadres/outcomes/{outcome.pk}/")
    steps = (
        ("审核…", {"textarea[name=reason]": "事实清楚"}),
        (
            "记录县委组织部的决定…",
            {
                "textarea[name=reason]": "部务会研究决定",
                "input[name=document_number]": "县组干〔2026〕31 号",
            },
        ),
        ("宣布告知…", {"select[name=method]": "delivered"}),
        ("归档备案…", {"input[name=document_number]": "县组备〔2026〕31 号"}),
    )
    for link, fields in steps:
        colleague.click(f"a:has-text('{link}')")
        colleague.wait_for_url("**/step/confirm/**")
        assert colleague.locator(f"text={cadre.name}").count() >= 1
        for selector, value in fields.items():
            if selector.startswith("select"):
                colleague.select_option(selector, value)
            else:
                colleague.fill(selector, value)
        colleague.click("button:has-text('确认')")
        colleague.wait_for_url(f"**/cadres/outcomes/{outcome.pk}/")
    shot(colleague, "outcome-filed")

    outcome.refresh_from_db()
    assert outcome.state == "decided"
    assert list(
        outcome.steps.values_list("state", "acted_by__username", "body", "document_number")
    ) == [
        ("proposed", "county", "", ""),
        ("reviewed", "county2", "", ""),
        ("decided", "county2", "department", "县组干〔2026〕31 号"),
        ("notified", "county2", "", ""),
        ("filed", "county2", "", "县组备〔2026〕31 号"),
    ]
    assert outcome.steps.get(state="notified").method == "delivered"
    assert User.objects.get(username="county2").role == "county_staff"
