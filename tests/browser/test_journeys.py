"""The main journeys, each by the role that does it, each checked in the database."""

import time
from decimal import Decimal

from django.utils import timezone

from cadres.models import Cadre, FrontlineRecord
from funds.models import Allocation, Appropriation, Expenditure
from funds.services import allocation_pass_down
from members.models import Member, Post
from members.services import registration_create
from organizations.models import Organization, User
from reports.models import Need, StatusReport

from .conftest import shot
from .picker import pick


def test_county_staff_record_allocate_answer_and_see_the_dashboard(open_page):
    page = open_page("county")
    shot(page, "home")
    cadre = Cadre.objects.filter(township__isnull=False).order_by("pk").first()
    before = FrontlineRecord.objects.filter(cadre=cadre).count()

    page.goto(f"{page.base}/cadres/records/new/")
    page.fill("#subject-q", cadre.name)
    page.wait_for_function(
        "value => document.querySelector('select[name=subject]').value === value",
        arg=f"c{cadre.pk}",
    )
    page.check("input[name=polarity][value=outstanding]")
    page.check("input[name=dimensions][value=commitment]")
    page.fill("textarea[name=description]", "深夜赶赴集中隔离点处置突发情况")
    page.fill("input[name=place]", "集中隔离点")
    shot(page, "record-form")
    page.click("button:has-text('保存记录')")
    page.wait_for_url("**/cadres/records/*/")
    assert FrontlineRecord.objects.filter(cadre=cadre).count() == before + 1

    batch = Appropriation.objects.order_by("pk").first()
    township = Organization.objects.filter(kind__in=["township", "street"]).order_by("path").first()
    page.goto(f"{page.base}/funds/{batch.pk}/allocate/")
    assert pick(page, "organization", township.name[2:4], township.name) == str(township.pk)
    page.fill("input[name=amount]", "1234.50")
    page.click("button:has-text('保存')")
    page.wait_for_url("**/funds/allocations/*/")
    assert Allocation.objects.filter(
        appropriation=batch, organization=township, amount=Decimal("1234.50")
    ).exists()

    need = Need.objects.open().order_by("pk").first()
    page.goto(f"{page.base}/reports/needs/{need.pk}/")
    page.fill("input[name=handler]", "县卫健委")
    page.fill("textarea[name=answer]", "已调拨防护服 200 套")
    page.check("input[name=close]")
    page.click("button:has-text('答复')")
    page.wait_for_selector("text=已调拨防护服 200 套")
    need.refresh_from_db()
    assert not need.is_open and need.answer == "已调拨防护服 200 套"

    page.goto(f"{page.base}/reports/dashboard/?range=month")
    page.wait_for_selector("[data-chart] canvas")
    shot(page, "dashboard")
    assert page.locator("text=全县态势").count() == 1
    assert page.locator("[data-chart] canvas").count() >= 6


def test_township_secretary_on_a_phone(open_page):
    page = open_page("town01", 390, 844)
    secretary_township = Organization.objects.get(staff__username="town01")

    started = time.perf_counter()
    page.goto(f"{page.base}/reports/file/")
    page.fill("textarea[name=highlights]", "党员责任区包片到户，返乡人员全部登记")
    page.fill("textarea[name=needs]", "缺少测温枪")
    page.check("input[name=risk][value=watch]")
    shot(page, "report-form")
    page.click("button:has-text('报送')")
    page.wait_for_url("**/reports/*/")
    seconds = time.perf_counter() - started
    report = StatusReport.objects.get(
        organization=secretary_township,
        period_start__lte=timezone.localdate(),
        period_end__gte=timezone.localdate(),
    )
    assert report.risk == "watch" and report.figures
    assert report.needs.filter(text="缺少测温枪").exists()
    print(f"township report journey: {seconds:.1f} s")

    village = Organization.objects.filter(
        township=secretary_township, kind="branch", sector="rural", members__isnull=False
    ).first()
    page.goto(f"{page.base}/members/posts/new/")
    page.select_option("select[name=kind]", "zone")
    page.fill("input[name=name]", "二组党员责任区")
    assert pick(page, "organization", village.name[:2], village.name) == str(village.pk)
    page.fill("input[name=place]", "二组")
    page.fill("textarea[name=duty]", "包片入户排查")
    page.fill("input[name=households_covered]", "48")
    page.fill("input[name=starts_on]", timezone.localdate().isoformat())
    page.click("button:has-text('保存')")
    page.wait_for_url("**/members/posts/*/")
    post = Post.objects.get(name="二组党员责任区")
    member = Member.objects.filter(organization=village).first()
    assert pick(page, "member", member.name, member.name) == str(member.pk)
    page.click("button:has-text('安排上岗')")
    page.wait_for_selector(f"text={member.name}")
    assert list(post.members.all()) == [member]

    allocation = Allocation.objects.filter(
        organization=secretary_township, appropriation__allowed_uses__contains="supplies"
    ).first()
    balance = allocation.balance
    page.goto(f"{page.base}/funds/allocations/{allocation.pk}/spend/")
    page.fill("input[name=amount]", "88.80")
    page.select_option("select[name=use]", "supplies")
    page.fill("input[name=beneficiaries]", "测温枪 2 把")
    page.fill("input[name=payee]", "县康泰大药房")
    page.click("button:has-text('保存')")
    page.wait_for_url(f"**/funds/allocations/{allocation.pk}/")
    allocation.refresh_from_db()
    assert allocation.balance == balance - Decimal("88.80")


def test_branch_secretary_confirms_a_registration_and_spends(open_page):
    page = open_page("branch01")
    branch = Organization.objects.get(staff__username="branch01")
    organ_member = (
        Member.objects.filter(category="county_organ").exclude(registrations__isnull=False).first()
    )
    registration = registration_create(
        user=User.objects.get(username="county"),
        member=organ_member,
        organization=branch,
        role="screener",
        starts_on=timezone.localdate(),
    )
    page.goto(f"{page.base}/members/registrations/")
    shot(page, "registrations")
    # The list leads to the registration's page, which says what confirming records.
    page.click(f"a[href$='/registrations/{registration.pk}/']:has-text('确认报到')")
    page.wait_for_selector("text=确认后不能撤销")
    page.click(f"form[action$='/{registration.pk}/confirm/'] button")
    page.wait_for_selector("text=已确认")
    registration.refresh_from_db()
    assert registration.confirmed_by.username == "branch01"

    allocation = Allocation.objects.filter(
        organization=branch, appropriation__allowed_uses__contains="condolence"
    ).first()
    if allocation is None:
        parent = Allocation.objects.filter(
            organization=branch.township, appropriation__allowed_uses__contains="condolence"
        ).first()
        allocation = allocation_pass_down(
            user=parent.created_by,
            parent=parent,
            organization=branch,
            amount=Decimal("500"),
            allocated_on=timezone.localdate(),
        )
    before = Expenditure.objects.filter(allocation=allocation).count()
    page.goto(f"{page.base}/funds/allocations/{allocation.pk}/spend/")
    page.fill("input[name=amount]", "50")
    page.select_option("select[name=use]", "condolence")
    page.fill("input[name=beneficiaries]", "慰问一线党员 2 人")
    page.fill("input[name=payee]", "本人")
    page.click("button:has-text('保存')")
    page.wait_for_url(f"**/funds/allocations/{allocation.pk}/")
    assert Expenditure.objects.filter(allocation=allocation).count() == before + 1


def test_leader_reads_and_is_offered_no_edit(open_page):
    page = open_page("leader")
    page.goto(f"{page.base}/reports/dashboard/")
    page.wait_for_selector("[data-chart] canvas")
    cadre = Cadre.objects.order_by("pk").first()
    page.goto(f"{page.base}/cadres/{cadre.pk}/")
    shot(page, "cadre-file")
    body = page.inner_text("main")
    for offer in ("记录一线表现", "提议", "提名表彰", "修改"):
        assert offer not in body
    assert page.locator("main form[method=post]").count() == 0


def test_administrator_adds_a_temporary_branch_in_the_admin_site(open_page):
    page = open_page("admin")
    township = Organization.objects.filter(kind__in=["township", "street"]).order_by("path").first()
    page.goto(f"{page.base}/admin/organizations/organization/add/")
    page.fill("input[name=name]", "方舱医院临时党支部")
    page.fill("input[name=code]", "FYT-ADMIN-01")
    page.select_option("select[name=kind]", "temporary_branch")
    page.select_option("select[name=sector]", "medical")
    page.fill("input[name=established_on]", timezone.localdate().isoformat())
    page.select_option("select[name=treebeard_position]", "first-child")
    page.select_option("select[name=treebeard_ref_node]", str(township.pk))
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/organizations/organization/")
    branch = Organization.objects.get(code="FYT-ADMIN-01")
    assert Organization.objects.get_parent(branch) == township
    assert branch.township == township and branch.established_by.username == "admin"


MAIN_PAGES = [
    ("dashboard", "/reports/dashboard/?range=month"),
    ("organizations", "/organizations/"),
    ("members", "/members/"),
    ("posts", "/members/posts/"),
    ("records", "/cadres/records/"),
    ("funds", "/funds/allocations/"),
    ("completeness", "/reports/completeness/"),
]


def test_main_pages_at_desk_and_phone_width(open_page):
    """No script error and nothing wider than a phone's screen (tables scroll inside)."""
    for width, height in ((1366, 768), (390, 844)):
        page = open_page("county", width, height)
        errors = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        for name, path in MAIN_PAGES:
            page.goto(f"{page.base}{path}")
            page.wait_for_load_state("networkidle")
            shot(page, name)
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width + 1, f"{name} is {overflow}px wide at {width}px"
        assert not errors, errors
