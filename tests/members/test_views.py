"""Every members page tried by every persona; refused requests change nothing."""

import datetime

import pytest
from django.urls import reverse

from members.models import (
    Activist,
    ActivistEvent,
    CareRecord,
    DisciplineCase,
    Member,
    Post,
    PostAssignment,
    Registration,
)
from organizations.models import PersonalDataReveal

PERSONAS = ["county_staff", "leader", "township_a", "township_b", "branch"]
IN_A = {"county_staff": 200, "leader": 200, "township_a": 200, "township_b": 404, "branch": 200}
IN_B = {"county_staff": 200, "leader": 200, "township_a": 404, "township_b": 200, "branch": 404}
WRITE_A = {**IN_A, "leader": 403}
WRITE_ANY = {
    "county_staff": 200,
    "leader": 403,
    "township_a": 200,
    "township_b": 200,
    "branch": 200,
}
LISTS = dict.fromkeys(PERSONAS, 200)


def _state():
    """Everything the members app holds, to prove a refused request changed nothing."""
    models = (
        Member,
        Post,
        PostAssignment,
        Registration,
        Activist,
        ActivistEvent,
        CareRecord,
        DisciplineCase,
        PersonalDataReveal,
    )
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


PAGES = [
    ("member_list", lambda f: reverse("members:member_list"), LISTS),
    ("member_create", lambda f: reverse("members:member_create"), WRITE_ANY),
    ("member_detail_a", lambda f: reverse("members:member_detail", args=[f.a1.pk]), IN_A),
    ("member_detail_b", lambda f: reverse("members:member_detail", args=[f.b1.pk]), IN_B),
    ("member_update_a", lambda f: reverse("members:member_update", args=[f.a1.pk]), WRITE_A),
    (
        "discipline_create_a",
        lambda f: reverse("members:discipline_create", args=[f.a2.pk]),
        WRITE_A,
    ),
    ("post_list", lambda f: reverse("members:post_list"), LISTS),
    ("post_create", lambda f: reverse("members:post_create"), WRITE_ANY),
    ("post_detail_a", lambda f: reverse("members:post_detail", args=[f.post_a.pk]), IN_A),
    ("post_detail_b", lambda f: reverse("members:post_detail", args=[f.post_b.pk]), IN_B),
    ("post_placard_a", lambda f: reverse("members:post_placard", args=[f.post_a.pk]), IN_A),
    ("post_update_a", lambda f: reverse("members:post_update", args=[f.post_a.pk]), WRITE_A),
    ("registration_list", lambda f: reverse("members:registration_list"), LISTS),
    ("registration_create", lambda f: reverse("members:registration_create"), WRITE_ANY),
    (
        "registration_detail_a",
        lambda f: reverse("members:registration_detail", args=[f.registration.pk]),
        IN_A,
    ),
    ("activist_list", lambda f: reverse("members:activist_list"), LISTS),
    ("activist_create", lambda f: reverse("members:activist_create"), WRITE_ANY),
    (
        "activist_detail_a",
        lambda f: reverse("members:activist_detail", args=[f.activist_a.pk]),
        IN_A,
    ),
    (
        "activist_detail_b",
        lambda f: reverse("members:activist_detail", args=[f.activist_b.pk]),
        IN_B,
    ),
    ("discipline_list", lambda f: reverse("members:discipline_list"), LISTS),
    ("care_list", lambda f: reverse("members:care_list"), LISTS),
    ("care_create", lambda f: reverse("members:care_create"), WRITE_ANY),
    ("care_detail_a", lambda f: reverse("members:care_detail", args=[f.care_a.pk]), IN_A),
    ("care_detail_b", lambda f: reverse("members:care_detail", args=[f.care_b.pk]), IN_B),
]


@pytest.mark.parametrize(("page", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_for_every_persona(client_as, front, page, url, expected, persona):
    response = client_as(persona).get(url(front))
    assert response.status_code == expected[persona]


@pytest.mark.parametrize(("page", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_anonymous_goes_to_login(client, front, page, url, expected):
    response = client.get(url(front))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


POSTS = [
    (
        "member_update_a",
        lambda f: reverse("members:member_update", args=[f.a1.pk]),
        {"name": "改名"},
    ),
    (
        "member_reveal_a",
        lambda f: reverse("members:member_reveal", args=[f.a1.pk]),
        {"reason": "contact"},
    ),
    (
        "post_assign_a",
        lambda f: reverse("members:post_assign", args=[f.post_a.pk]),
        {"member": "0"},
    ),
    (
        "post_unassign_a",
        lambda f: reverse("members:post_unassign", args=[f.post_a.assignments.get().pk]),
        {},
    ),
    (
        "registration_confirm_a",
        lambda f: reverse("members:registration_confirm", args=[f.registration.pk]),
        {},
    ),
    (
        "activist_advance_a",
        lambda f: reverse("members:activist_advance", args=[f.activist_a.pk]),
        {"stage": "activist", "happened_on": "2024-02-01", "performance": "x"},
    ),
    (
        "care_resolve_a",
        lambda f: reverse("members:care_resolve", args=[f.care_a.pk]),
        {"action": "上门帮扶", "resolved_on": "2026-02-03"},
    ),
    (
        "discipline_create_a",
        lambda f: reverse("members:discipline_create", args=[f.a2.pk]),
        {"reason": "other"},
    ),
]


@pytest.mark.parametrize(("name", "url", "data"), POSTS, ids=[p[0] for p in POSTS])
@pytest.mark.parametrize(("persona", "status"), [("leader", 403), ("township_b", 404)])
def test_refused_posts_change_nothing(client_as, front, name, url, data, persona, status):
    target = url(front)
    before = _state()
    assert client_as(persona).post(target, data).status_code == status
    assert _state() == before


@pytest.mark.parametrize(("name", "url", "data"), POSTS, ids=[p[0] for p in POSTS])
def test_anonymous_posts_change_nothing(client, front, name, url, data):
    target = url(front)
    before = _state()
    response = client.post(target, data)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert _state() == before


class TestPersonalData:
    def test_lists_and_pages_show_masked_numbers(self, client_as, front):
        client = client_as("county_staff")
        page = client.get(reverse("members:member_list")).content.decode()
        assert front.a2.masked_id_number in page
        assert front.a2.id_number not in page
        assert "138****1111" in page and "13800001111" not in page
        detail = client.get(reverse("members:member_detail", args=[front.a2.pk]))
        assert front.a2.id_number not in detail.content.decode()

    def test_a_reveal_shows_the_numbers_and_is_recorded(self, web, front, personas):
        detail = web("township_a").get(reverse("members:member_detail", args=[front.a2.pk]))
        assert front.a2.id_number not in detail.text
        reveal_url = reverse("members:member_reveal", args=[front.a2.pk])
        form = next(form for form in detail.forms.values() if form.action == reveal_url)
        form["reason"] = "check_file"
        page = form.submit(status=200)
        assert front.a2.id_number in page.text and "13800001111" in page.text
        assert "本次查看已记录" in page.text
        assert page.headers["Cache-Control"] == "no-store"
        record = PersonalDataReveal.objects.get()
        assert (record.user, record.subject) == (personas.township_a, front.a2)
        assert record.reason == "check_file"

    def test_search_by_full_id_number_finds_the_member(self, client_as, front):
        response = client_as("county_staff").get(
            reverse("members:member_list"), {"q": front.b1.id_number}
        )
        assert list(response.context["object_list"]) == [front.b1]
        response = client_as("township_a").get(
            reverse("members:member_list"), {"q": front.b1.id_number}
        )
        assert list(response.context["object_list"]) == []


class TestScopeOfLists:
    @pytest.mark.parametrize(
        ("persona", "names"),
        [
            ("county_staff", {"甲党员一", "甲党员二", "乙党员一", "县直党员"}),
            ("township_a", {"甲党员一", "甲党员二"}),
            ("township_b", {"乙党员一"}),
            ("branch", {"甲党员一", "甲党员二"}),
        ],
    )
    def test_member_list(self, client_as, front, persona, names):
        response = client_as(persona).get(reverse("members:member_list"))
        assert {m.name for m in response.context["object_list"]} == names

    def test_blank_or_foreign_filters_never_widen_scope(self, client_as, front, tree):
        client = client_as("township_a")
        url = reverse("members:member_list")
        blank = client.get(url, {"q": "", "township": "", "organization": "", "status": ""})
        assert {m.name for m in blank.context["object_list"]} == {"甲党员一", "甲党员二"}
        foreign = client.get(url, {"township": tree.township_b.pk})
        assert list(foreign.context["object_list"]) == []
        foreign = client.get(url, {"organization": tree.community_b.pk})
        assert list(foreign.context["object_list"]) == []

    def test_organization_filter_takes_the_subtree(self, client_as, front, tree):
        response = client_as("county_staff").get(
            reverse("members:member_list"), {"organization": tree.township_a.pk}
        )
        assert {m.name for m in response.context["object_list"]} == {"甲党员一", "甲党员二"}

    def test_registrations_are_seen_by_both_sides(self, client_as, front):
        url = reverse("members:registration_list")
        for persona in ("township_a", "branch", "county_staff"):
            assert len(client_as(persona).get(url).context["object_list"]) == 1
        assert len(client_as("township_b").get(url).context["object_list"]) == 0

    def test_open_care_items_are_visible_to_the_county(self, client_as, front):
        response = client_as("leader").get(reverse("members:care_list"), {"open": "yes"})
        assert {c.person_name for c in response.context["object_list"]} == {"甲党员二", "乙党员一"}


class TestQueryCounts:
    """List pages cost the same number of queries for 4 members or 40."""

    LIST_URLS = [
        "member_list",
        "post_list",
        "registration_list",
        "activist_list",
        "care_list",
        "discipline_list",
    ]

    @pytest.mark.parametrize("extra", [0, 36])
    @pytest.mark.parametrize("name", LIST_URLS)
    def test_lists(self, client_as, front, tree, django_assert_max_num_queries, extra, name):
        from tests.factories import MemberFactory

        for _ in range(extra):
            MemberFactory(organization=tree.village_a)
        client = client_as("township_a")
        with django_assert_max_num_queries(9):
            assert client.get(reverse(f"members:{name}")).status_code == 200

    @pytest.mark.parametrize("extra", [0, 10])
    def test_registration_detail(self, client_as, front, django_assert_max_num_queries, extra):
        registration = front.registration
        for _ in range(extra):  # its history grows with every change
            registration.save()
        client = client_as("branch")
        with django_assert_max_num_queries(10):
            response = client.get(reverse("members:registration_detail", args=[registration.pk]))
            assert response.status_code == 200

    @pytest.mark.parametrize("extra", [0, 20])
    def test_post_detail(self, client_as, front, tree, django_assert_max_num_queries, extra):
        from members.services import post_assign
        from tests.factories import MemberFactory

        for _ in range(extra):
            member = MemberFactory(organization=tree.village_a)
            post_assign(
                post=front.post_a, member=member, user=None, starts_on=datetime.date(2026, 1, 26)
            )
        client = client_as("township_a")
        with django_assert_max_num_queries(14):
            response = client.get(reverse("members:post_detail", args=[front.post_a.pk]))
            assert response.status_code == 200


def test_the_admin_site_can_read_but_never_change_or_delete_members(client_as, front):
    client = client_as("admin")
    assert client.get(reverse("admin:members_member_changelist")).status_code == 200
    page = client.get(reverse("admin:members_member_change", args=[front.a1.pk]))
    assert page.status_code == 200
    assert front.a1.id_number not in page.content.decode()
    before = _state()
    assert (
        client.post(
            reverse("admin:members_member_delete", args=[front.a1.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("admin:members_member_change", args=[front.a1.pk]), {"name": "改"}
        ).status_code
        == 403
    )
    assert _state() == before
