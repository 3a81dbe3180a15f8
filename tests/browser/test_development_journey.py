"""A 火线入党 from application to full membership in a real browser, as a township secretary
does it on a phone (issue #16 §5: every step of 《发展党员工作细则》 in order, each read on its
confirmation page first), checked in the database."""

import datetime

from members.choices import MemberStatus, Stage, StepKind
from members.models import Activist, Member
from organizations.models import User
from tests.factories import id_number

from .conftest import shot
from .picker import pick

D = datetime.date

# What the secretary types on each step, on legal dates (a year's training, 预备期 one year
# from the branch general meeting, approval within three months of it).
STEPS = [
    ("advance", {"happened_on": "2023-02-01", "performance": "卡口值守"}),
    ("advance", {"happened_on": "2024-02-05", "performance": "突击排查"}),
    ("step-introducers", {"happened_on": "2024-02-10", "introducer_one": 0, "introducer_two": 1}),
    ("step-political_review", {"happened_on": "2024-02-20", "note": "政治审查合格"}),
    ("step-training", {"happened_on": "2024-03-01", "training_days": "3"}),
    ("step-public_notice", {"happened_on": "2024-03-05", "ends_on": "2024-03-12"}),
    ("step-pre_review", {"happened_on": "2024-03-20", "organization": "township"}),
    (
        "step-branch_meeting",
        {"happened_on": "2024-04-01", "voters_entitled": "20", "votes_for": "18"},
    ),
    (
        "step-approval",
        {
            "happened_on": "2024-05-01",
            "organization": "township",
            "document_number": "党发〔2024〕9号",
        },
    ),
    ("step-oath", {"happened_on": "2024-05-05"}),
    ("advance", {"happened_on": "2025-04-01", "performance": "预备期表现良好"}),
]


def _fill(page, form, values, township_pk):
    for name, value in values.items():
        field = f"#{form} [name={name}]"
        tag = page.locator(field).evaluate("element => element.tagName")
        if tag == "SELECT":
            if value == "township":
                page.select_option(field, str(township_pk))
            else:  # the n-th person offered
                options = page.locator(f"{field} option").evaluate_all(
                    "options => options.map(o => o.value).filter(Boolean)"
                )
                page.select_option(field, options[value])
        else:
            page.fill(field, value)


def test_a_township_secretary_takes_a_front_line_applicant_to_full_membership(open_page):
    secretary = User.objects.get(username="town01")
    township = secretary.organization
    page = open_page("town01", width=390, height=844)
    page.goto(f"{page.base}/members/activists/new/")
    page.fill("[name=name]", "火线发展甲")
    page.fill("[name=id_number]", id_number(birth=D(1995, 3, 1)))
    page.fill("[name=phone]", "13612345678")
    page.select_option("[name=education]", index=1)
    pick(page, "organization")
    page.fill("[name=applied_on]", "2023-01-10")
    page.fill("[name=performance]", "主动请缨值守卡口十余日")
    page.click("main button[type=submit]")
    page.wait_for_url("**/members/activists/*/")
    activist = Activist.objects.get(name="火线发展甲")
    detail = page.url

    for form, values in STEPS:
        page.wait_for_selector(f"#{form}")
        _fill(page, form, values, township.pk)
        page.click(f"#{form} button[type=submit]")
        page.wait_for_selector("input[name=confirmed]", state="attached")
        assert page.locator("text=确认后不能撤销或修改").count() >= 1
        page.click("form:has(input[name=confirmed]) button[type=submit]:not([name=back])")
        page.wait_for_url(detail)
    shot(page, "development-full")

    activist.refresh_from_db()
    member = Member.objects.get(pk=activist.member_id)
    assert activist.stage == Stage.FULL
    assert (member.status, member.joined_on, member.full_member_on) == (
        MemberStatus.FULL,
        D(2024, 4, 1),
        D(2025, 4, 1),
    )
    assert list(activist.events.values_list("stage", flat=True)) == Stage.values
    kinds = set(activist.steps.values_list("kind", flat=True))
    assert kinds == {
        StepKind.INTRODUCERS,
        StepKind.POLITICAL_REVIEW,
        StepKind.TRAINING,
        StepKind.PUBLIC_NOTICE,
        StepKind.PRE_REVIEW,
        StepKind.BRANCH_MEETING,
        StepKind.APPROVAL,
        StepKind.OATH,
    }
    assert set(activist.steps.values_list("recorded_by", flat=True)) == {secretary.pk}
    assert activist.steps.get(kind=StepKind.APPROVAL).organization == township
