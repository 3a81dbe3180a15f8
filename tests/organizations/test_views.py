"""Every organization page tried by every persona: status, and what the database holds."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from organizations.choices import OrganizationKind, Role
from organizations.models import Organization
from organizations.services import organization_update_contact, temporary_branch_open
from tests.factories import UserFactory
from tests.web import form_with

PERSONAS = ["county_staff", "leader", "township_a", "township_b", "branch"]


def _expected(table):
    return [pytest.param(name, table[name], id=name) for name in PERSONAS]


def _snapshot():
    return list(
        Organization.objects.order_by("pk").values_list(
            "pk", "name", "secretary_name", "contact_phone", "households_covered", "closed_on"
        )
    )


@pytest.fixture
def temporary_a(tree, personas):
    return temporary_branch_open(
        secretary_name="临时书记",
        parent=tree.township_a,
        user=personas.township_a,
        name="甲镇检查站临时党支部",
        sector="rural",
    )


def _urls(tree, temporary):
    return [
        ("get", reverse("organizations:organization_list")),
        ("get", reverse("organizations:organization_detail", args=[tree.village_a.pk])),
        ("get", reverse("organizations:organization_update", args=[tree.village_a.pk])),
        ("post", reverse("organizations:organization_update", args=[tree.village_a.pk])),
        ("get", reverse("organizations:temporary_branch_create", args=[tree.township_a.pk])),
        ("post", reverse("organizations:temporary_branch_create", args=[tree.township_a.pk])),
        ("post", reverse("organizations:temporary_branch_close", args=[temporary.pk])),
        ("get", reverse("home")),
    ]


def test_anonymous_is_sent_to_login_everywhere_and_changes_nothing(client, tree, temporary_a):
    before = _snapshot()
    for method, url in _urls(tree, temporary_a):
        response = getattr(client, method)(url, {"name": "x", "closed_on": "2026-01-01"})
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    assert _snapshot() == before


def test_unknown_url_and_unknown_id_give_404(client_as, tree):
    client = client_as("county_staff")
    assert client.get("/organizations/999999/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404
    assert client.post("/organizations/999999/close/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    _expected(
        {"county_staff": 200, "leader": 200, "township_a": 200, "township_b": 404, "branch": 200}
    ),
)
def test_detail_of_a_village_in_township_a(client_as, tree, persona, status):
    url = reverse("organizations:organization_detail", args=[tree.village_a.pk])
    response = client_as(persona).get(url)
    assert response.status_code == status
    if status == 200:
        assert "甲村党支部" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    _expected(
        {"county_staff": 200, "leader": 200, "township_a": 404, "township_b": 200, "branch": 404}
    ),
)
def test_detail_of_a_community_in_township_b(client_as, tree, persona, status):
    url = reverse("organizations:organization_detail", args=[tree.community_b.pk])
    assert client_as(persona).get(url).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    _expected(
        {"county_staff": 200, "leader": 403, "township_a": 200, "township_b": 404, "branch": 200}
    ),
)
def test_contact_form_page(client_as, tree, persona, status):
    url = reverse("organizations:organization_update", args=[tree.village_a.pk])
    assert client_as(persona).get(url).status_code == status


def _contact_form(web, persona, organization):
    page = web(persona).get(reverse("organizations:organization_detail", args=[organization.pk]))
    return form_with(page.click("修改联系信息"), "secretary_name")


@pytest.mark.parametrize("persona", ["county_staff", "township_a", "branch"])
def test_contact_update_from_the_page(web, tree, personas, persona):
    form = _contact_form(web, persona, tree.village_a)
    form["secretary_name"] = "王芳"
    form["contact_phone"] = "13912345678"
    form["households_covered"] = "420"
    page = form.submit().follow()
    assert "已保存“甲村党支部”的联系信息" in page.text
    village = Organization.objects.get(pk=tree.village_a.pk)
    assert (village.secretary_name, village.contact_phone, village.households_covered) == (
        "王芳",
        "13912345678",
        420,
    )
    latest = village.history.latest()
    assert (latest.history_user, latest.secretary_name) == (getattr(personas, persona), "王芳")
    assert "书记：李明 → 王芳" in page.text


@pytest.mark.parametrize(("persona", "status"), [("leader", 403), ("township_b", 404)])
def test_contact_update_refused(client_as, tree, persona, status):
    """These personas are never shown the form; a hand-made POST changes nothing."""
    url = reverse("organizations:organization_update", args=[tree.village_a.pk])
    before = _snapshot()
    data = {"secretary_name": "王芳", "contact_phone": "13912345678", "households_covered": 420}
    assert client_as(persona).post(url, data).status_code == status
    assert _snapshot() == before


def _temporary_branch_form(web, persona, parent):
    page = web(persona).get(reverse("organizations:organization_detail", args=[parent.pk]))
    return form_with(page.click("成立临时党支部"), "established_on")


@pytest.mark.parametrize("persona", ["county_staff", "township_a"])
def test_open_temporary_branch_from_the_page(web, tree, personas, persona):
    form = _temporary_branch_form(web, persona, tree.township_a)
    assert form["sector"].value == tree.township_a.sector
    assert form["established_on"].value == timezone.localdate().isoformat()
    form["name"] = "甲镇高速路口疫情防控临时党支部"
    form["secretary_name"] = "赵刚"
    form["contact_phone"] = "13700000001"
    form["households_covered"] = "30"
    form["established_on"] = "2026-11-01"
    response = form.submit()
    branch = Organization.objects.get(name="甲镇高速路口疫情防控临时党支部")
    assert response.location == branch.get_absolute_url()
    assert "已成立“甲镇高速路口疫情防控临时党支部”" in response.follow().text
    assert branch.kind == OrganizationKind.TEMPORARY_BRANCH
    assert Organization.objects.get_parent(branch) == tree.township_a
    assert branch.township == tree.township_a
    assert branch.code == "FY001-T01"
    assert (branch.secretary_name, branch.contact_phone, branch.households_covered) == (
        "赵刚",
        "13700000001",
        30,
    )
    assert branch.established_by == getattr(personas, persona)
    assert str(branch.established_on) == "2026-11-01"
    created = branch.history.get()
    assert (created.history_type, created.history_user) == ("+", branch.established_by)


@pytest.mark.parametrize(
    ("persona", "status"), [("leader", 403), ("township_b", 404), ("branch", 404)]
)
def test_open_temporary_branch_refused(client_as, tree, persona, status):
    url = reverse("organizations:temporary_branch_create", args=[tree.township_a.pk])
    before = _snapshot()
    data = {"name": "甲镇临时党支部", "sector": "rural", "households_covered": 0}
    assert client_as(persona).post(url, data).status_code == status
    assert _snapshot() == before


def _close_confirmation(web, persona, branch, closed_on=None):
    page = web(persona).get(reverse("organizations:organization_detail", args=[branch.pk]))
    form = form_with(page, "closed_on")
    assert form.method.upper() == "GET"  # asking changes nothing; the confirmation posts
    if closed_on is not None:
        form["closed_on"] = closed_on
    return form.submit()


@pytest.mark.parametrize("persona", ["county_staff", "township_a"])
def test_close_temporary_branch_after_confirming(web, personas, temporary_a, persona):
    confirmation = _close_confirmation(web, persona, temporary_a, str(temporary_a.established_on))
    assert "撤销后不能恢复" in confirmation.text
    temporary_a.refresh_from_db()
    assert temporary_a.closed_on is None  # nothing happens until confirmed
    page = form_with(confirmation, "closed_on").submit().follow()
    assert "已撤销“甲镇检查站临时党支部”" in page.text
    temporary_a.refresh_from_db()
    assert temporary_a.closed_on == temporary_a.established_on
    assert temporary_a.is_active is False
    assert temporary_a.history.latest().history_user == getattr(personas, persona)
    assert not [form for form in page.forms.values() if "closed_on" in form.fields]


@pytest.mark.parametrize(
    ("persona", "status"), [("leader", 403), ("township_b", 404), ("branch", 404)]
)
def test_close_temporary_branch_refused(client_as, temporary_a, persona, status):
    for url in (
        reverse("organizations:temporary_branch_close_confirm", args=[temporary_a.pk]),
        reverse("organizations:temporary_branch_close", args=[temporary_a.pk]),
    ):
        assert client_as(persona).get(url).status_code in (status, 405)
    url = reverse("organizations:temporary_branch_close", args=[temporary_a.pk])
    response = client_as(persona).post(url, {"closed_on": str(temporary_a.established_on)})
    assert response.status_code == status
    temporary_a.refresh_from_db()
    assert (temporary_a.closed_on, temporary_a.is_active) == (None, True)


def test_closing_is_post_only(client_as, temporary_a):
    url = reverse("organizations:temporary_branch_close", args=[temporary_a.pk])
    assert client_as("county_staff").get(url).status_code == 405


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_shows_the_scope_root_and_nothing_outside(client_as, tree, persona):
    response = client_as(persona).get(reverse("organizations:organization_list"))
    assert response.status_code == 200
    page = response.content.decode()
    roots = {
        "county_staff": tree.county,
        "leader": tree.county,
        "township_a": tree.township_a,
        "township_b": tree.township_b,
        "branch": tree.village_a,
    }
    assert response.context["root"] == roots[persona]
    if persona in ("township_a", "branch"):
        assert "乙社区党支部" not in page
        assert "中共乙街道工作委员会" not in page
    if persona == "township_b":
        assert "甲村" not in page


def test_list_counts_each_childs_subtree(client_as, tree):
    response = client_as("county_staff").get(reverse("organizations:organization_list"))
    counts = {child.name: child.descendant_count for child in response.context["children"]}
    assert counts == {"中共甲镇委员会": 3, "中共乙街道工作委员会": 1, "中共县卫健委党组": 1}
    households = {child.name: child.subtree_households for child in response.context["children"]}
    assert households["中共甲镇委员会"] == 400


def test_a_large_county_lists_its_children_a_page_at_a_time(web, tree, settings):
    """Issue #17: at scale 10 the tree rendered 850 second-level organizations (397 KB);
    each page now holds CHILDREN_PER_PAGE of them, with the same counts as before."""
    settings.CHILDREN_PER_PAGE = 2
    browser = web("county_staff")
    first = browser.get(reverse("organizations:organization_list"))
    counted = {c.name: c.descendant_count for c in first.context["children"]}
    assert counted == {"中共甲镇委员会": 3, "中共乙街道工作委员会": 1}
    assert "第 1–2 个，共 3 个下级组织" in first.text
    second = first.click(description="下一页")
    assert {c.name: c.descendant_count for c in second.context["children"]} == {
        "中共县卫健委党组": 1
    }
    detail = browser.get(tree.county.get_absolute_url(), {"page": "2"})
    assert [c.name for c in detail.context["children"]] == ["中共县卫健委党组"]


@pytest.mark.parametrize(
    ("persona", "found"),
    _expected({"county_staff": 1, "leader": 1, "township_a": 0, "township_b": 1, "branch": 0}),
)
def test_search_stays_in_scope(client_as, tree, persona, found):
    response = client_as(persona).get(reverse("organizations:organization_list"), {"q": "乙社区"})
    assert response.status_code == 200
    assert response.context["paginator"].count == found


def test_blank_search_does_not_widen_scope(client_as, tree):
    response = client_as("branch").get(
        reverse("organizations:organization_list"), {"q": "", "kind": "", "sector": ""}
    )
    assert response.context["root"] == tree.village_a
    assert response.context["children"] == []


def test_leader_sees_no_edit_buttons(client_as, tree):
    url = reverse("organizations:organization_detail", args=[tree.township_a.pk])
    page = client_as("leader").get(url).content.decode()
    assert "修改联系信息" not in page
    assert "成立临时党支部" not in page
    page = client_as("county_staff").get(url).content.decode()
    assert "修改联系信息" in page
    assert "成立临时党支部" in page


def test_breadcrumbs_stop_at_the_scope_root(client_as, tree):
    url = reverse("organizations:organization_detail", args=[tree.sub_a.pk])
    response = client_as("township_a").get(url)
    assert response.context["ancestors"] == [tree.township_a, tree.general_a]
    assert "中共丰源县委员会" not in response.content.decode()


class TestBadInput:
    def test_wrong_phone_is_explained_and_nothing_saved(self, web, tree):
        before = _snapshot()
        form = _contact_form(web, "township_a", tree.village_a)
        form["contact_phone"] = "12345"
        response = form.submit(status=200)
        assert "请填写 11 位手机号码" in response.text
        assert _snapshot() == before

    @pytest.mark.parametrize(
        "phone", ["0３７３-１２３４５６７", "0٣٧٣-١٢٣٤٥٦٧", "139１２３４５６７８"]
    )
    def test_a_phone_in_other_digits_is_refused(self, web, tree, phone):
        """Found by fuzzing: \\d took full-width and Arabic-Indic digits too."""
        before = _snapshot()
        form = _contact_form(web, "township_a", tree.village_a)
        form["contact_phone"] = phone
        response = form.submit(status=200)
        assert response.context["form"].errors["contact_phone"]
        assert _snapshot() == before

    def test_negative_households_refused(self, web, tree):
        before = _snapshot()
        form = _contact_form(web, "township_a", tree.village_a)
        form["households_covered"] = "-5"
        response = form.submit(status=200)
        assert response.context["form"].errors["households_covered"]
        assert _snapshot() == before

    def test_temporary_branch_without_name_or_with_future_date(self, web, tree):
        before = _snapshot()
        form = _temporary_branch_form(web, "township_a", tree.township_a)
        form["name"] = ""
        response = form.submit(status=200)
        assert "这个字段是必填项" in response.text
        form = form_with(response, "established_on")
        form["name"] = "未来临时党支部"
        form["secretary_name"] = "赵刚"
        form["established_on"] = "2099-01-01"
        response = form.submit(status=200)
        assert "成立日期不能晚于今天" in response.text
        assert _snapshot() == before

    def test_temporary_branch_under_a_branch_is_not_offered(self, web, client_as, tree):
        page = web("township_a").get(
            reverse("organizations:organization_detail", args=[tree.village_a.pk])
        )
        assert "成立临时党支部" not in page.text
        # A hand-made request for the form is refused by the tree rules, saying why.
        url = reverse("organizations:temporary_branch_create", args=[tree.village_a.pk])
        before = _snapshot()
        data = {
            "name": "错误位置临时党支部",
            "sector": "rural",
            "households_covered": 0,
            "established_on": "2026-11-01",
        }
        response = client_as("township_a").post(url, data)
        assert response.status_code == 403
        assert "“临时党支部”不能设在“党支部”之下" in response.content.decode()
        assert _snapshot() == before

    def test_close_before_established_is_refused(self, web, temporary_a):
        confirmation = _close_confirmation(web, "township_a", temporary_a, "2000-01-01")
        page = form_with(confirmation, "closed_on").submit().follow()
        assert "撤销日期不能早于成立日期" in page.text
        temporary_a.refresh_from_db()
        assert temporary_a.closed_on is None

    def test_closing_an_ordinary_branch_is_refused(self, client_as, tree):
        url = reverse("organizations:temporary_branch_close", args=[tree.village_a.pk])
        response = client_as("township_a").post(url, {"closed_on": "2026-11-01"}, follow=True)
        assert "只有临时党支部可以撤销" in response.content.decode()
        assert Organization.objects.get(pk=tree.village_a.pk).closed_on is None

    def test_garbage_close_date(self, client_as, temporary_a):
        url = reverse("organizations:temporary_branch_close", args=[temporary_a.pk])
        response = client_as("township_a").post(url, {"closed_on": "not-a-date"}, follow=True)
        assert "请填写正确的撤销日期" in response.content.decode()
        temporary_a.refresh_from_db()
        assert temporary_a.closed_on is None


class TestQueryCounts:
    """Pages cost the same number of queries whatever the tree's size."""

    def _grow(self, tree, n):
        from tests.factories import OrganizationFactory

        for _ in range(n):
            OrganizationFactory(parent=tree.general_a)

    @pytest.mark.parametrize("extra", [0, 30])
    def test_list(self, client_as, tree, django_assert_max_num_queries, extra):
        self._grow(tree, extra)
        client = client_as("county_staff")
        with django_assert_max_num_queries(8):
            assert client.get(reverse("organizations:organization_list")).status_code == 200

    @pytest.mark.parametrize("extra", [0, 30])
    def test_detail(self, client_as, tree, django_assert_max_num_queries, extra):
        self._grow(tree, extra)
        client = client_as("township_a")
        url = reverse("organizations:organization_detail", args=[tree.general_a.pk])
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200

    @pytest.mark.parametrize("extra", [0, 30])
    def test_search(self, client_as, tree, django_assert_max_num_queries, extra):
        self._grow(tree, extra)
        client = client_as("township_a")
        with django_assert_max_num_queries(8):
            response = client.get(reverse("organizations:organization_list"), {"q": "党"})
            assert response.status_code == 200


def test_a_general_branch_secretary_edits_only_their_own_organization(client, tree):
    """Sub-branches keep their own secretaries: the 党总支's secretary sees them, edits only
    the 党总支."""
    secretary = UserFactory(role=Role.BRANCH_SECRETARY, organization=tree.general_a)
    client.force_login(secretary)
    sub_url = reverse("organizations:organization_update", args=[tree.sub_a.pk])
    assert (
        client.get(reverse("organizations:organization_detail", args=[tree.sub_a.pk])).status_code
        == 200
    )
    assert client.get(sub_url).status_code == 403
    assert client.post(sub_url, {"secretary_name": "改名"}).status_code == 403
    assert Organization.objects.get(pk=tree.sub_a.pk).secretary_name != "改名"
    own = reverse("organizations:organization_update", args=[tree.general_a.pk])
    assert client.get(own).status_code == 200
    with pytest.raises(PermissionDenied):  # the service itself refuses, whoever calls it
        organization_update_contact(
            organization=tree.sub_a,
            user=secretary,
            secretary_name="改名",
            contact_phone="",
            households_covered=0,
        )


@pytest.mark.parametrize("persona", ["admin", *PERSONAS])
def test_the_import_link_is_shown_exactly_to_who_may_import(web, persona):
    """`organizations.organization.import`: the link and the page answer alike (a branch
    secretary keeps their own organization's contact details up to date by import too)."""
    browser = web(persona)
    url = reverse("organizations:organization_import")
    page = browser.get(reverse("organizations:organization_list"))
    offered = [a for a in page.html.select("main a") if a.get("href") == url]
    status = browser.get(url, expect_errors=True).status_code
    assert status == (403 if persona == "leader" else 200)
    assert bool(offered) is (status == 200)
