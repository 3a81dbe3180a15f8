"""What every page shares, tried as its users meet it: the change log in local time, search
forms that keep the CSRF token out of the URL, an admin site in Chinese, and lists that sort,
jump to a page and lead back from each detail page."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from cadres.services import record_review

from .access_world import build_world
from .test_access_matrix import MATRIX


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
