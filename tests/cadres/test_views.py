"""Every cadres page for every persona, the issue's journeys, and constant query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cadres.choices import Checkpoint
from cadres.models import (
    Cadre,
    Commendation,
    Evidence,
    FrontlineRecord,
    Outcome,
    OutcomeStep,
)
from cadres.services import commendation_nominate, outcome_propose
from tests.files import PNG

from .conftest import observe, reviewed

PERSONAS = ["county_staff", "leader", "township_a", "township_b", "branch"]
LISTS = dict.fromkeys(PERSONAS, 200)
# The branch secretary of 甲村 sees only what hangs under 甲村: the young cadre there.
IN_A_TOWN = {
    "county_staff": 200,
    "leader": 200,
    "township_a": 200,
    "township_b": 404,
    "branch": 404,
}
IN_A_VILLAGE = {**IN_A_TOWN, "branch": 200}
IN_B = {"county_staff": 200, "leader": 200, "township_a": 404, "township_b": 200, "branch": 404}
COUNTY_ONLY = {
    "county_staff": 200,
    "leader": 403,
    "township_a": 403,
    "township_b": 403,
    "branch": 403,
}
COUNTY_ONLY_A = {**COUNTY_ONLY, "township_b": 404, "branch": 404}
RECORDERS = {
    "county_staff": 200,
    "leader": 403,
    "township_a": 200,
    "township_b": 200,
    "branch": 403,
}
TODAY = timezone.localdate().isoformat()


@pytest.fixture
def world(cadres, tree, personas):
    outcome = outcome_propose(
        user=personas.county_staff,
        subject=cadres.principal_a,
        kind="recommend",
        reason="表现突出",
        records=[cadres.record_a],
    )
    commendation = commendation_nominate(
        user=personas.county_staff,
        nominee=cadres.principal_a,
        title="先进个人",
        citation="靠前指挥",
        records=[cadres.record_a],
    )
    record_with_file = reviewed(
        observe(
            cadres.principal_a,
            personas.county_staff,
            Checkpoint.ACTS,
            evidence_files=[SimpleUploadedFile("现场.png", PNG)],
        ),
        cadres.colleague,
    )
    # A township's record awaiting the county's review (county staff wrote none of it).
    cadres.proposed_a = observe(cadres.principal_a, personas.township_a, Checkpoint.KNOWS)
    cadres.outcome = outcome
    cadres.commendation = commendation
    cadres.evidence = record_with_file.evidence.get()
    return cadres


PAGES = [
    ("cadre_list", lambda w, t: reverse("cadres:cadre_list"), LISTS),
    ("cadre_create", lambda w, t: reverse("cadres:cadre_create"), COUNTY_ONLY),
    (
        "cadre_detail_a",
        lambda w, t: reverse("cadres:cadre_detail", args=[w.principal_a.pk]),
        IN_A_TOWN,
    ),
    (
        "cadre_detail_young_a",
        lambda w, t: reverse("cadres:cadre_detail", args=[w.young_a.pk]),
        IN_A_VILLAGE,
    ),
    (
        "cadre_print_a",
        lambda w, t: reverse("cadres:cadre_detail", args=[w.principal_a.pk]) + "?print=1",
        IN_A_TOWN,
    ),
    ("cadre_detail_b", lambda w, t: reverse("cadres:cadre_detail", args=[w.principal_b.pk]), IN_B),
    (
        "cadre_update_a",
        lambda w, t: reverse("cadres:cadre_update", args=[w.principal_a.pk]),
        COUNTY_ONLY_A,
    ),
    (
        "team_detail_a",
        lambda w, t: reverse("cadres:team_detail", args=[t.township_a.pk]),
        IN_A_TOWN,
    ),
    (
        "outcome_create_a",
        lambda w, t: reverse("cadres:outcome_create", args=[w.principal_a.pk]),
        COUNTY_ONLY_A,
    ),
    (
        "team_outcome_create_a",
        lambda w, t: reverse("cadres:team_outcome_create", args=[t.township_a.pk]),
        COUNTY_ONLY_A,
    ),
    ("record_list", lambda w, t: reverse("cadres:record_list"), LISTS),
    ("record_create", lambda w, t: reverse("cadres:record_create"), RECORDERS),
    (
        "record_detail_a",
        lambda w, t: reverse("cadres:record_detail", args=[w.record_a.pk]),
        IN_A_TOWN,
    ),
    ("record_detail_b", lambda w, t: reverse("cadres:record_detail", args=[w.record_b.pk]), IN_B),
    (
        "evidence_a",
        lambda w, t: reverse("cadres:evidence_download", args=[w.evidence.pk]),
        IN_A_TOWN,
    ),
    ("subject_search", lambda w, t: reverse("cadres:subject_search"), LISTS),
    ("outcome_list", lambda w, t: reverse("cadres:outcome_list"), LISTS),
    (
        "record_review_confirm_a",
        lambda w, t: reverse("cadres:record_review_confirm", args=[w.proposed_a.pk]),
        COUNTY_ONLY_A,
    ),
    (
        "outcome_step_confirm_a",
        lambda w, t: (
            # The proposer may withdraw (reviewing is another's: test_four_eyes.py).
            reverse("cadres:outcome_step_confirm", args=[w.outcome.pk]) + "?state=withdrawn"
        ),
        COUNTY_ONLY_A,
    ),
    (
        "commendation_step_confirm_a",
        lambda w, t: (
            reverse("cadres:commendation_step_confirm", args=[w.commendation.pk]) + "?action=notice"
        ),
        COUNTY_ONLY_A,
    ),
    (
        "outcome_detail_a",
        lambda w, t: reverse("cadres:outcome_detail", args=[w.outcome.pk]),
        IN_A_TOWN,
    ),
    ("commendation_list", lambda w, t: reverse("cadres:commendation_list"), LISTS),
    ("commendation_print", lambda w, t: reverse("cadres:commendation_print"), LISTS),
    (
        "commendation_detail_a",
        lambda w, t: reverse("cadres:commendation_detail", args=[w.commendation.pk]),
        IN_A_TOWN,
    ),
    (
        "commendation_create_a",
        lambda w, t: reverse("cadres:commendation_create") + f"?cadre={w.principal_a.pk}",
        COUNTY_ONLY_A,
    ),
]


@pytest.mark.parametrize(("page", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_for_every_persona(client_as, world, tree, page, url, expected, persona):
    assert client_as(persona).get(url(world, tree)).status_code == expected[persona]


@pytest.mark.parametrize(("page", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_anonymous_goes_to_login(client, world, tree, page, url, expected):
    response = client.get(url(world, tree))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def _state():
    models = (Cadre, FrontlineRecord, Evidence, Outcome, OutcomeStep, Commendation)
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in models}


POSTS = [
    (
        "outcome_step",
        lambda w, t: reverse("cadres:outcome_step", args=[w.outcome.pk]),
        {"state": "reviewed", "reason": "同意", "acted_on": "2026-02-10"},
    ),
    ("record_review", lambda w, t: reverse("cadres:record_review", args=[w.record_a.pk]), {}),
    (
        "commendation_notice",
        lambda w, t: reverse("cadres:commendation_notice", args=[w.commendation.pk]),
        {"notice_starts_on": "2026-02-01", "notice_ends_on": "2026-02-07"},
    ),
    (
        "commendation_decide",
        lambda w, t: reverse("cadres:commendation_decide", args=[w.commendation.pk]),
        {"action": "withdraw", "decision_note": "撤回"},
    ),
    (
        "cadre_update",
        lambda w, t: reverse("cadres:cadre_update", args=[w.principal_a.pk]),
        {"name": "改名"},
    ),
]


@pytest.mark.parametrize(("name", "url", "data"), POSTS, ids=[p[0] for p in POSTS])
@pytest.mark.parametrize(
    ("persona", "status"), [("leader", 403), ("township_a", 403), ("township_b", 404)]
)
def test_refused_posts_change_nothing(client_as, world, tree, name, url, data, persona, status):
    target = url(world, tree)
    before = _state()
    assert client_as(persona).post(target, data).status_code == status
    assert _state() == before


# The form's own fields are tried as the page renders them (test_pages.py); these are
# requests no rendered form sends, made by hand or found by fuzzing.
@pytest.mark.parametrize(
    "subject",
    [
        "c999999",
        # Found by fuzzing: "²".isdigit() is true but int("²") fails (was a 500).
        "c²",
        "t١",
        "c" + "9" * 30,
    ],
)
def test_a_hand_made_subject_is_explained_and_nothing_saved(client_as, world, subject):
    data = {
        "subject": subject,
        "occurred_on": "2026-02-03",
        "polarity": "good",
        "checkpoint": "at_post",
        "dimensions": ["political"],
        "description": "值守",
        "place": "卡口",
        "source": "inspection",
    }
    before = _state()
    response = client_as("county_staff").post(reverse("cadres:record_create"), data)
    assert response.status_code == 200
    assert "请选择一名干部或一个领导班子" in response.content.decode()
    assert _state() == before


def test_a_malformed_subject_in_the_address_shows_the_empty_form(client_as, world):
    """The record page pre-selects ?subject=; a value that names nobody is just ignored."""
    response = client_as("county_staff").get(reverse("cadres:record_create"), {"subject": "c²"})
    assert response.status_code == 200
    assert response.context["form"]["subject"].value() == "c²"


def test_a_nul_in_the_picker_search_is_ignored(client_as, world):
    """Found by fuzzing: the search reached SQL as typed, and PostgreSQL refuses a NUL."""
    client = client_as("county_staff")
    found = client.get(reverse("cadres:subject_search"), {"q": "甲\x00书记"}).json()["options"]
    assert [option["label"].split(" · ")[0] for option in found] == ["甲书记"]
    page = client.post(reverse("cadres:record_create"), {"q": "\x00", "subject": "c\x00"})
    assert page.status_code == 200


def test_township_secretary_searches_only_own_township(client_as, world):
    client = client_as("township_a")
    options = client.get(reverse("cadres:subject_search"), {"q": "书记"}).json()["options"]
    assert {option["label"].split(" · ")[0] for option in options} == {"甲书记"}


@pytest.mark.parametrize("record", ["9" * 30, "-" + "9" * 30])
def test_an_id_too_large_for_any_table_is_refused_not_looked_up(client_as, world, record):
    """Found by fuzzing: SQLite raised OverflowError on `pk__in` with such an id (a 500)."""
    before = _state()
    response = client_as("county_staff").post(
        reverse("cadres:outcome_create", args=[world.principal_a.pk]),
        {"kind": "recommend", "reason": "x", "records": [str(world.record_a.pk), record]},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("records", "invalid_pk_value")
    assert _state() == before
    response = client_as("county_staff").post(
        reverse("cadres:commendation_create") + f"?cadre={world.principal_a.pk}",
        {"title": "先进个人", "citation": "x", "records": [record]},
    )
    assert response.status_code == 200
    assert _state() == before


def test_printable_file_shows_timeline_and_counts(client_as, world):
    response = client_as("leader").get(
        reverse("cadres:cadre_detail", args=[world.principal_a.pk]), {"print": "1"}
    )
    page = response.content.decode()
    assert "一线表现档案" in page and "连续值守" in page
    assert 'class="navbar' not in page
    summary = {row["polarity"]: row["total"] for row in response.context["summary"]}
    assert summary["突出"] == 2


def test_the_leader_reads_everything_and_is_offered_no_edit(client_as, world):
    page = (
        client_as("leader")
        .get(reverse("cadres:cadre_detail", args=[world.principal_a.pk]))
        .content.decode()
    )
    edit_url = reverse("cadres:cadre_update", args=[world.principal_a.pk])
    for label in ("记录一线表现", "提议推荐/调整/问责", "提名表彰", edit_url):
        assert label not in page


class TestQueryCounts:
    @pytest.mark.parametrize("extra", [0, 30])
    def test_cadre_list_and_file(
        self, client_as, world, tree, personas, django_assert_max_num_queries, extra
    ):
        from tests.factories import CadreFactory

        for number in range(extra):
            cadre = CadreFactory(organization=tree.township_a, name=f"新干部{number}")
            observe(cadre, personas.county_staff, Checkpoint.KNOWS)
            observe(world.principal_a, personas.county_staff, Checkpoint.KNOWS)
        client = client_as("township_a")
        with django_assert_max_num_queries(9):
            assert client.get(reverse("cadres:cadre_list")).status_code == 200
        with django_assert_max_num_queries(12):
            url = reverse("cadres:cadre_detail", args=[world.principal_a.pk])
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(9):
            assert client.get(reverse("cadres:record_list")).status_code == 200
