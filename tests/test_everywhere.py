"""What every page shares, tried as its users meet it: the change log in local time, search
forms that keep the CSRF token out of the URL, an admin site in Chinese, and lists that sort,
jump to a page and lead back from each detail page."""

import io
from decimal import Decimal

import openpyxl
import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from cadres.services import record_review
from funds.models import Allocation
from organizations.models import Job, JobState, User
from organizations.viewmixins import ScopedListView

from .access_world import build_world
from .factories import MemberFactory
from .test_access_matrix import MATRIX
from .web import form_with


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def tree(world, db):
    return world.tree


@pytest.fixture
def personas(world, db):
    return world.personas


# ---- The change log in the county's time ----------------------------------------------------
def test_the_change_log_shows_a_changed_time_in_local_time(web, world):
    record = record_review(record=world.proposed_record_a, user=world.personas.county_staff)
    page = web("county_staff").get(record.get_absolute_url())
    history = page.html.find("h2", string="变更记录").parent.get_text(" ")
    assert timezone.localtime(record.reviewed_at).strftime("%Y-%m-%d %H:%M") in history
    assert "+00:00" not in history
    assert str(record.reviewed_at) not in history


# ---- GET forms carry no CSRF token ----------------------------------------------------------
def _pages():
    """Every page of the matrix with the first persona that may open it."""
    for row in MATRIX:
        expected = row.expected("get")
        opener = next((who for who, status in expected.items() if status == "200"), None)
        if opener:
            yield row, opener


@pytest.mark.parametrize(("row", "persona"), list(_pages()), ids=lambda v: getattr(v, "id", v))
def test_no_form_that_submits_by_get_carries_the_csrf_token(web, world, row, persona):
    page = web(persona).get(row.url(world))
    if "html" not in page.content_type:
        return
    for form in page.forms.values():
        if form.method.upper() == "GET":
            assert "csrfmiddlewaretoken" not in form.fields, (row.id, form.action)
        else:
            # A button that turns a POST form into a GET one sends its token in the URL too.
            switching = form.html.select('[formmethod="get"], [formmethod="GET"]')
            assert not switching or "csrfmiddlewaretoken" not in form.fields, row.id


# ---- The admin site in Chinese --------------------------------------------------------------
# English that an administrator met: treebeard's move form, Django's stored permission names,
# the unnamed sections and models of django-axes and django-otp, their records' own names,
# django-simple-history's and Django's untranslated words.
ENGLISH = [
    "Position",
    "Relative to",
    "First child of",
    "Before",
    "After",
    "root",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "historical",
    "Axes",
    "Otp",
    "Totp",
    "TOTP",
    "static device",
    "static token",
    "access attempt",
    "access log",
    "access failure",
    "Attempted Access",
    "Failed access",
    "Identity",
    "Timestamps",
    "Configuration",
    "Throttling",
    "Expiration",
    "Status",
    "The user that this device",
    "Is this device ready",
    "created at",
    "last used at",
    "After you",
    "Save and add another",
    "Model name",
    "Add link",
    "Change or view",
    "Changes",
    "None",
    "commitment",
]


def _admin_urls():
    """The index, and each registered model's list, add, change and history pages."""
    yield reverse("admin:index")
    for model in admin.site._registry:
        opts = model._meta
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            yield reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            yield reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
            yield reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    yield reverse("admin:auth_user_password_change", args=[User.objects.get(username="admin").pk])
    yield reverse("admin:password_change")


def _what_a_reader_sees(page) -> str:
    """The page's text, its options and the hints shown on hovering, without scripts."""
    html = page.html
    for tag in html(["script", "style"]):
        tag.decompose()
    hints = [tag.get(name, "") for tag in html.find_all(True) for name in ("title", "placeholder")]
    return " ".join([html.get_text(" "), *hints])


def test_the_admin_site_speaks_chinese_on_every_page(web, world):
    # One of each record the admin site lists, so its change and history pages show too.
    AccessAttempt.objects.create(
        username="admin", ip_address="127.0.0.1", user_agent="ua", failures_since_start=1
    )
    AccessLog.objects.create(username="admin", ip_address="127.0.0.1", user_agent="ua")
    AccessFailureLog.objects.create(username="admin", ip_address="127.0.0.1", user_agent="ua")
    StaticDevice.objects.create(user=world.personas.admin, name="备用验证码")
    browser = web("admin")
    found = {}
    pages = 0
    for url in _admin_urls():
        page = browser.get(url, expect_errors=True)
        if page.status_code == 403:  # records the admin site only shows
            continue
        assert page.status_code == 200, url
        pages += 1
        text = _what_a_reader_sees(page).lower()
        for phrase in ENGLISH:
            if phrase.lower() in text:
                found.setdefault(phrase, url)
    login = web("anonymous").get(reverse("admin:login"))
    for phrase in ENGLISH:
        if phrase.lower() in _what_a_reader_sees(login).lower():
            found.setdefault(phrase, reverse("admin:login"))
    assert pages > 50
    assert found == {}


def test_the_permission_list_names_each_permission_in_chinese(web, world):
    admin_user = world.personas.admin
    page = web("admin").get(reverse("admin:organizations_user_change", args=[admin_user.pk]))
    options = [
        option.get_text() for option in page.html.select("select[name=user_permissions] option")
    ]
    assert "党员 | 党员 | 可以添加 党员" in options
    assert "组织体系 | 党组织（变更记录） | 可以查看 党组织（变更记录）" in options
    assert not [option for option in options if "Can " in option]


# ---- Lists: sort, page, and back from a detail page -----------------------------------------
def _names(page) -> list[str]:
    return [row.select_one("td a").get_text(strip=True) for row in page.html.select("tbody tr")]


def test_a_column_header_sorts_the_list_and_a_second_click_reverses_it(web, world):
    for name in ("丙党员", "甲乙党员", "丁党员"):
        MemberFactory(organization=world.tree.village_a, name=name)
    browser = web("township_a")
    page = browser.get(reverse("members:member_list"), {"status": "full"})
    by_name = page.click(href=r"sort=name")
    names = _names(by_name)
    assert names == sorted(names) and len(names) >= 4
    assert "status=full" in by_name.request.url  # the filter is kept
    reversed_ = by_name.click(href=r"sort=-name")
    assert _names(reversed_) == names[::-1]
    # Only listed columns sort: an unknown key keeps the list's own order.
    unsorted = browser.get(reverse("members:member_list"), {"status": "full", "sort": "id_number"})
    assert _names(unsorted) == _names(page)


def test_the_allocation_list_sorts_by_balance(web, world):
    page = web("county_staff").get(reverse("funds:allocation_list"))
    page = page.click(href=r"sort=balance")
    balances = [a.balance for a in Allocation.objects.order_by("amount")]  # same rows
    shown = [
        Decimal(row.select("td")[-1].get_text(strip=True).lstrip("¥").replace(",", ""))
        for row in page.html.select("tbody tr")
    ]
    assert shown == sorted(balances)


def test_the_last_page_and_a_page_number_jump_keep_the_filters(web, world):
    for number in range(settings.PAGE_SIZE + 5):
        MemberFactory(organization=world.tree.village_a, name=f"甲翻页{number:03d}")
    browser = web("township_a")
    first = browser.get(reverse("members:member_list"), {"q": "甲翻页", "sort": "-name"})
    assert "1 / 2" in first.text
    last = first.click(description="末页")
    assert "2 / 2" in last.text
    assert _names(last) == [f"甲翻页{n:03d}" for n in range(4, -1, -1)]
    jump = form_with(last, "page")
    assert jump.method.upper() == "GET" and "csrfmiddlewaretoken" not in jump.fields
    jump["page"] = "1"
    again = jump.submit()
    assert "1 / 2" in again.text
    assert _names(again)[0] == f"甲翻页{settings.PAGE_SIZE + 4:03d}"
    # A number past the end shows the last page rather than an error.
    jump["page"] = "999"
    assert "2 / 2" in jump.submit().text


DETAIL_PAGES = [row for row in MATRIX if row.name.endswith("_detail") and not row.query]


@pytest.mark.parametrize("row", DETAIL_PAGES, ids=lambda row: row.id)
def test_every_detail_page_leads_back_to_its_list(web, world, row):
    # County staff see every detail page but a job, which only its own user sees.
    persona = next(name for name, status in row.expected("get").items() if status == "200")
    browser = web(persona)
    page = browser.get(row.url(world))
    crumbs = page.html.select("nav ol.breadcrumb a")
    assert crumbs, row.id
    back = browser.get(crumbs[-1]["href"])
    assert back.status_code == 200
    # The list it leads to links to this very page (the object is listed there), or is
    # the object's parent page.
    assert row.url(world) in {a.get("href") for a in back.html("a")} or len(crumbs) > 2


HOME_LINKS = {
    "county_staff": ["reports:dashboard", "reports:completeness", "cadres:record_create"],
    "leader": ["reports:dashboard", "reports:report_list"],
    "township_a": ["reports:report_file", "members:post_list", "cadres:record_create"],
    "branch": ["members:member_list", "members:post_list", "funds:allocation_list"],
    "admin": ["admin:index"],
}


@pytest.mark.parametrize("persona", list(HOME_LINKS))
def test_the_home_page_leads_each_role_to_its_work(web, world, persona):
    browser = web(persona)
    home = browser.get(reverse("home"))
    links = [a["href"] for a in home.html.select(".home-links a")]
    for name in HOME_LINKS[persona]:
        assert any(href.startswith(reverse(name)) for href in links), name
    for href in links:  # every link offered opens for this user
        assert browser.get(href).status_code == 200, href


LIST_PAGES = [row for row in MATRIX if row.export]


@pytest.mark.parametrize("row", LIST_PAGES, ids=lambda row: row.id)
def test_every_list_shows_its_pages(web, world, row, monkeypatch):
    # One row a page, so each list of the world (both townships' objects) has several.
    monkeypatch.setattr(ScopedListView, "paginate_by", 1)
    browser = web("county_staff")
    first = browser.get(row.url(world))
    assert first.html.select_one("nav ul.pagination"), row.id
    last = first.click(description="末页")
    pages = last.html.select_one("nav ul.pagination .disabled").get_text(strip=True)
    number, total = pages.split(" / ")
    assert number == total and int(total) > 1


def test_a_page_past_the_end_of_the_organization_search_shows_its_last_page(web, world):
    page = web("county_staff").get(
        reverse("organizations:organization_list"), {"q": "党", "page": "99"}
    )
    assert page.status_code == 200
    listed = page.html.select("tbody tr")
    assert listed  # the last (only) page of what was found, not a 404


def test_an_export_gives_times_in_local_time(web, world):
    report = world.report_a
    response = web("county_staff").get(reverse("reports:report_list"), {"format": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.body)).active.values)
    column = rows[0].index("报送时间")
    shown = [row[column] for row in rows[1:]]
    assert timezone.localtime(report.submitted_at).strftime("%Y-%m-%d %H:%M") in shown
    assert report.submitted_at.strftime("%Y-%m-%d %H:%M") not in shown  # not UTC


EXPORTS = [row for row in MATRIX if row.export]


def _sheet(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("row", EXPORTS, ids=lambda row: row.id)
def test_every_export_run_as_a_job_holds_what_the_inline_export_holds(web, world, row):
    """A job reads a list through the list's own view (issue #17): whichever list it is,
    its workbook is the one the request would have written."""
    persona = next(name for name, status in row.expected("get").items() if status == "200")
    browser = web(persona)
    url = row.url(world)
    url += ("&" if "?" in url else "?") + "format=xlsx"
    inline = browser.get(url)
    with override_settings(EXPORT_INLINE_ROWS=-1):  # every export a job
        asked = browser.get(url)
    job = Job.objects.filter(user=getattr(world.personas, persona)).latest("pk")
    assert asked.location == job.get_absolute_url() and job.state == JobState.DONE, job.error
    download = browser.get(reverse("organizations:job_download", args=[job.pk]))
    assert _sheet(download.body) == _sheet(inline.body)
