"""The one access matrix: every URL of the project, tried by every persona with GET and POST.

Each row of MATRIX names a URL pattern, the world object its <pk> takes (township B's, so
township A must get 404) and the status each persona should get, in persona order:

    county staff · leader · township A secretary · township B secretary · branch secretary

Out of scope is 404 before any role check (nobody learns an object exists); leaders read and
never write (403); pages for some roles only are 403 to the others; a read-only page answers
405 to POST whoever asks and a POST-only action 405 to GET, before looking anything up, so
neither tells whether an object exists. POSTs carry an empty body, so a permitted form comes
back with its errors (200). A status ending in "*" is an accepted request that may write;
after every other request, GET or POST, the database must hold exactly what it held before.
Anonymous visitors are sent to log in from every row.

Every 200 page shown to township A or the branch must not contain "乙" (each name in township
B carries it and no text of the application does), nor one shown to township B "甲".
"""

import functools
import io
import json
from collections import Counter
from dataclasses import dataclass
from operator import attrgetter

import openpyxl
import pytest
from django.apps import apps
from django.db import connection, transaction
from django.urls import reverse

from organizations.models import PersonalDataReveal

from .access_world import MARKER, build_world
from .test_url_coverage import url_patterns

PERSONAS = ("county_staff", "leader", "township_a", "township_b", "branch")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOGIN = reverse("login")
# The other township's marker, which must never reach a persona's pages.
FORBIDDEN = {"township_a": MARKER["b"], "branch": MARKER["b"], "township_b": MARKER["a"]}

# Pages outside the matrix, and why.
EXEMPT = {
    "login": "the sign-in page itself, open to anonymous visitors (tests/test_security.py)",
    "logout": "ends the visitor's own session; nothing to scope",
    "password_change": "the signed-in user's own password; the same page for every role",
    "password_change_done": "a confirmation with no data",
    "two_factor": "the signed-in user's own second factor (tests/test_two_factor.py)",
    "two_factor_verify": "the second step of signing in (tests/test_two_factor.py)",
    "two_factor_setup": "the signed-in user's own phone authenticator (tests/test_two_factor.py)",
    "two_factor_codes": "the signed-in user's own recovery codes (tests/test_two_factor.py)",
}

# ---- Shorthands: statuses in persona order (county, leader, town A, town B, branch) ----
ANYONE = "200 200 200 200 200"  # each sees its own scope
NO_POST = "405 405 405 405 405"  # a read-only page
WRITERS = "200 403 200 200 200"  # leaders read only
COUNTY = "200 403 403 403 403"
RECORDERS = "200 403 200 200 403"  # front-line records: county and townships
REPORTERS = "403 403 200 200 403"  # branches report only when the county's cadence says so
B_READ = "200 200 404 200 404"  # township B's object: out of township A's and 甲村's scope
B_WRITE = "200 403 404 200 404"
B_COUNTY = "200 403 404 403 404"
# POST-only actions asked with GET: write access is checked first, then the method.
ACTION_GET = "405 403 405 405 405"
# POST-only county actions on township B's object, fetched before the role check.
B_COUNTY_ACTION_GET = "405 403 404 403 404"
STALE_TOKEN = "404 403 404 404 404"  # an import's error rows, asked after they are gone
# Township A's own objects, and 甲村's, for the variants.
A_READ = "200 200 200 404 200"
A_WRITE = "200 403 200 404 200"
A_TOWN_READ = "200 200 200 404 404"  # township level: above the branch secretary


@dataclass(frozen=True)
class Page:
    """One URL as the personas meet it: its GET and POST statuses in persona order."""

    name: str
    get: str
    post: str = NO_POST
    obj: str = ""  # world attribute whose pk fills <pk>, e.g. "member_b" or "tree.community_b"
    token: str = ""  # for <token>
    query: str = ""  # formatted with the world's attributes, e.g. "cadre={cadre_b.pk}"
    export: bool = False  # a list page with ?format=xlsx
    label: str = ""  # tells variants of one name apart

    def url(self, world) -> str:
        kwargs = {}
        if self.obj:
            kwargs["pk"] = attrgetter(self.obj)(world).pk
        if self.token:
            kwargs["token"] = self.token
        url = reverse(self.name, kwargs=kwargs)
        return f"{url}?{self.query.format(**vars(world))}" if self.query else url

    def expected(self, method: str) -> dict[str, str]:
        return dict(zip(PERSONAS, getattr(self, method).split(), strict=True))

    @property
    def id(self) -> str:
        return f"{self.name}[{self.label}]" if self.label else self.name


MATRIX = [
    Page("home", ANYONE),
    # organizations ----------------------------------------------------------------------
    Page("organizations:organization_list", ANYONE),
    Page("organizations:organization_detail", B_READ, obj="tree.community_b"),
    Page("organizations:organization_update", B_WRITE, B_WRITE, obj="tree.community_b"),
    Page("organizations:temporary_branch_create", B_WRITE, B_WRITE, obj="tree.township_b"),
    Page(
        "organizations:temporary_branch_close_confirm",
        B_WRITE,
        ACTION_GET,  # a confirmation page; its form posts to temporary_branch_close
        obj="temporary_b",
    ),
    Page(
        "organizations:temporary_branch_close",
        ACTION_GET,
        "302 403 404 302 404",  # a blank date is refused with a message
        obj="temporary_b",
    ),
    Page("organizations:organization_import", WRITERS, WRITERS),
    Page("organizations:organization_import_template", WRITERS, ACTION_GET),
    Page("organizations:organization_import_errors", STALE_TOKEN, ACTION_GET, token="f00"),
    # The reveal log (who saw whose ID number) is the county's and the administrator's.
    Page("organizations:reveal_list", COUNTY, "405 403 403 403 403", export=True),
    # A job is its user's alone (township B's secretary here): 404 to everyone else.
    Page("organizations:job_list", ANYONE),
    Page("organizations:job_detail", "404 404 404 200 404", obj="job_b"),
    Page("organizations:job_download", "404 404 404 200 404", obj="job_b"),
    # members ----------------------------------------------------------------------------
    Page("members:member_list", ANYONE, export=True),
    Page("members:member_create", WRITERS, WRITERS),
    Page("members:member_detail", B_READ, obj="member_b"),
    # Opening the edit form shows the full ID number and phone: a recorded reveal.
    Page("members:member_update", "200* 403 404 200* 404", B_WRITE, obj="member_b"),
    # A reveal names its reason; the empty form is sent back and records nothing.
    Page("members:member_reveal", NO_POST, B_WRITE, obj="member_b"),
    Page("members:discipline_create", B_WRITE, B_WRITE, obj="member_b"),
    Page("members:post_list", ANYONE, export=True),
    Page("members:post_create", WRITERS, WRITERS),
    Page("members:post_detail", B_READ, obj="post_b"),
    Page("members:post_update", B_WRITE, B_WRITE, obj="post_b"),
    Page("members:post_placard", B_READ, obj="post_b"),
    Page("members:post_assign", ACTION_GET, B_WRITE, obj="post_b"),
    Page("members:post_unassign", ACTION_GET, "302* 403 404 302* 404", obj="assignment_b"),
    Page("members:post_unassign_confirm", B_WRITE, ACTION_GET, obj="assignment_b"),
    Page("members:post_end", ACTION_GET, "302* 403 404 302* 404", obj="post_b"),
    Page("members:post_end_confirm", B_WRITE, ACTION_GET, obj="post_b"),
    # An empty body is refused with a message (no member chosen): nothing written.
    Page("members:roster_add", ACTION_GET, "302 403 404 302 404", obj="temporary_b"),
    Page("members:roster_remove", ACTION_GET, "302* 403 404 302* 404", obj="roster_entry_b"),
    Page("members:registration_list", ANYONE, export=True),
    Page("members:registration_create", WRITERS, WRITERS),
    Page("members:registration_detail", B_READ, obj="registration_b"),
    Page(
        "members:registration_confirm",
        ACTION_GET,
        "302* 403 404 302* 404",
        obj="registration_b",
    ),
    Page("members:activist_list", ANYONE, export=True),
    Page("members:activist_create", WRITERS, WRITERS),
    Page("members:activist_detail", B_READ, obj="activist_b"),
    Page("members:activist_advance", ACTION_GET, B_WRITE, obj="activist_b"),
    # Without a kind the page comes back saying which step to choose: nothing written.
    Page("members:activist_step", ACTION_GET, B_WRITE, obj="activist_b"),
    Page("members:discipline_list", ANYONE, export=True),
    Page("members:discipline_detail", B_READ, obj="case_b"),
    # The world's case is in effect already: an approval is refused with the reason (403).
    Page("members:discipline_approve", ACTION_GET, "403 403 404 403 404", obj="case_b"),
    Page("members:care_list", ANYONE, export=True),
    Page("members:care_create", WRITERS, WRITERS),
    Page("members:care_detail", B_READ, obj="care_b"),
    Page("members:care_resolve", ACTION_GET, B_WRITE, obj="care_b"),
    Page("members:member_import", WRITERS, WRITERS),
    Page("members:member_import_template", WRITERS, ACTION_GET),
    Page("members:member_import_errors", STALE_TOKEN, ACTION_GET, token="f00"),
    # cadres -----------------------------------------------------------------------------
    Page("cadres:cadre_list", ANYONE, export=True),
    Page("cadres:cadre_create", COUNTY, COUNTY),
    Page("cadres:cadre_detail", B_READ, obj="cadre_b"),
    Page("cadres:cadre_update", B_COUNTY, B_COUNTY, obj="cadre_b"),
    Page("cadres:outcome_create", B_COUNTY, B_COUNTY, obj="cadre_b"),
    Page("cadres:team_detail", B_READ, obj="tree.township_b"),
    Page("cadres:team_outcome_create", B_COUNTY, B_COUNTY, obj="tree.township_b"),
    Page("cadres:subject_search", ANYONE),
    Page("cadres:record_list", ANYONE, export=True),
    Page("cadres:record_create", RECORDERS, RECORDERS),
    Page("cadres:record_detail", B_READ, obj="record_b"),
    Page(
        "cadres:record_review",
        B_COUNTY_ACTION_GET,
        "302* 403 404 403 404",
        obj="proposed_record_b",
    ),
    # Confirmation pages (GET only); their forms post to the step below them.
    Page("cadres:record_review_confirm", B_COUNTY, obj="proposed_record_b"),
    Page("cadres:evidence_download", B_READ, obj="evidence_b"),
    Page("cadres:outcome_list", ANYONE, export=True),
    Page("cadres:outcome_detail", B_READ, obj="outcome_b"),
    # Four eyes: county staff proposed outcome_b, so they may not review it (403 with why).
    Page(
        "cadres:outcome_step_confirm",
        "403 403 404 403 404",
        obj="outcome_b",
        query="state=reviewed",
    ),
    Page("cadres:outcome_step", B_COUNTY_ACTION_GET, B_COUNTY, obj="outcome_b"),
    Page("cadres:commendation_list", ANYONE, export=True),
    Page("cadres:commendation_create", B_COUNTY, B_COUNTY, query="cadre={cadre_b.pk}"),
    Page("cadres:commendation_print", ANYONE),
    Page("cadres:commendation_detail", B_READ, obj="commendation_b"),
    Page(
        "cadres:commendation_step_confirm",
        B_COUNTY,
        obj="commendation_b",
        query="action=notice",
    ),
    Page(
        "cadres:commendation_notice",
        B_COUNTY_ACTION_GET,
        "302 403 404 403 404",  # blank dates: refused with a message
        obj="commendation_b",
    ),
    Page(
        "cadres:commendation_decide",
        B_COUNTY_ACTION_GET,
        "302 403 404 403 404",
        obj="commendation_b",
    ),
    Page("cadres:objection_create", B_COUNTY, B_COUNTY, obj="noticed_b"),
    Page("cadres:objection_resolve", B_COUNTY, B_COUNTY, obj="objection_b"),
    # Cadres are registered by county staff only (cadre_create); so is their import.
    Page("cadres:cadre_import", COUNTY, COUNTY),
    Page("cadres:cadre_import_template", COUNTY, "405 403 403 403 403"),
    Page("cadres:cadre_import_errors", "404 403 403 403 403", "405 403 403 403 403", token="f00"),
    # funds ------------------------------------------------------------------------------
    Page("funds:appropriation_list", ANYONE, export=True),
    Page("funds:appropriation_create", COUNTY, COUNTY),
    Page("funds:appropriation_detail", B_READ, obj="batch_b"),
    Page("funds:allocation_create", B_COUNTY, B_COUNTY, obj="batch_b"),
    Page("funds:allocation_list", ANYONE, export=True),
    Page("funds:allocation_detail", B_READ, obj="allocation_b"),
    Page("funds:allocation_pass_down", B_WRITE, B_WRITE, obj="allocation_b"),
    Page("funds:expenditure_create", B_WRITE, B_WRITE, obj="allocation_b"),
    Page("funds:expenditure_list", ANYONE, export=True),
    Page("funds:expenditure_reverse", B_WRITE, B_WRITE, obj="entry_b"),
    Page("funds:voucher_download", B_READ, obj="entry_b"),
    Page("funds:notice_print", B_READ, obj="tree.community_b"),
    # Four eyes: township B's secretary asked for both; the county decides the allocation,
    # the county or another township officer the reversal, never the one who asked (403).
    Page("funds:allocation_request_detail", B_READ, obj="allocation_request_b"),
    Page(
        "funds:allocation_request_approve",
        B_COUNTY,
        "302* 403 404 403 404",
        obj="allocation_request_b",
    ),
    Page("funds:allocation_request_reject", B_COUNTY, B_COUNTY, obj="allocation_request_b"),
    Page(
        "funds:reversal_request_approve",
        B_COUNTY,
        "302* 403 404 403 404",
        obj="reversal_request_b",
    ),
    Page("funds:reversal_request_reject", B_COUNTY, B_COUNTY, obj="reversal_request_b"),
    # reports ----------------------------------------------------------------------------
    Page("reports:report_list", ANYONE, export=True),
    Page("reports:dashboard", ANYONE),
    Page("reports:report_file", REPORTERS, REPORTERS),
    Page("reports:report_detail", B_READ, obj="report_b"),
    Page("reports:photo", B_READ, obj="photo_b"),
    Page("reports:completeness", ANYONE),
    Page("reports:burden", ANYONE),
    Page("reports:cadence", COUNTY, COUNTY),
    Page("reports:need_list", ANYONE, export=True),
    Page("reports:need_detail", B_READ, obj="need_b"),
    Page("reports:need_answer", B_COUNTY_ACTION_GET, B_COUNTY, obj="need_b"),
    # Reopening an open need (the world's) is refused with a message and a redirect.
    Page("reports:need_reopen", B_COUNTY_ACTION_GET, "302 403 404 403 404", obj="need_b"),
    Page("reports:directive_list", ANYONE),
    Page("reports:directive_create", COUNTY, COUNTY),
    Page("reports:directive_detail", ANYONE, obj="directive"),
    # Signed for by the organizations that report: townships (branches only when the
    # county's cadence includes them, as for reports:report_file).
    Page(
        "reports:directive_acknowledge",
        "403 403 405 405 403",
        "403 403 302* 302* 403",
        obj="directive",
    ),
]

# Query strings that change what a page shows, and township A's own objects.
VARIANTS = [
    Page("reports:dashboard", B_READ, query="township={tree.township_b.pk}", label="township B"),
    Page(
        "reports:dashboard",
        A_TOWN_READ,
        query="township={tree.township_a.pk}&print=1",
        label="township A print",
    ),
    Page("reports:dashboard", ANYONE, query="print=1&range=month", label="print"),
    Page("reports:report_detail", B_READ, obj="report_b", query="print=1", label="print"),
    Page("cadres:cadre_detail", B_READ, obj="cadre_b", query="print=1", label="print"),
    Page("cadres:team_detail", B_READ, obj="tree.township_b", query="print=1", label="print"),
    Page("organizations:organization_list", ANYONE, query="q=党支部", label="search"),
    Page("funds:appropriation_detail", "200 200 200 200 404", obj="batch_shared", label="shared"),
    Page(
        "members:post_list",
        ANYONE,
        query="organization={tree.community_b.pk}",
        label="filter on B",
    ),
    Page("members:care_create", B_WRITE, B_WRITE, query="member={member_b.pk}", label="B member"),
    Page(
        "cadres:commendation_create",
        B_COUNTY,
        B_COUNTY,
        query="organization={tree.township_b.pk}",
        label="B team",
    ),
    Page(
        "cadres:commendation_create",
        B_COUNTY,
        B_COUNTY,
        query="member={member_b.pk}",
        label="B member",
    ),
    # The proposer may withdraw their own proposal (and not review it, above).
    Page(
        "cadres:outcome_step_confirm",
        B_COUNTY,
        obj="outcome_b",
        query="state=withdrawn",
        label="withdraw",
    ),
    # Without a nominee the form sends everyone back to the list.
    Page(
        "cadres:commendation_create",
        "302 302 302 302 302",
        "302 302 302 302 302",
        label="no nominee",
    ),
    # Township A's own, and what 甲村's branch secretary holds.
    Page("organizations:organization_update", A_WRITE, A_WRITE, obj="tree.village_a", label="A"),
    Page("members:member_update", "200* 403 200* 404 200*", A_WRITE, obj="member_a", label="A"),
    Page("members:member_reveal", NO_POST, A_WRITE, obj="member_a", label="A"),
    Page("members:discipline_create", A_WRITE, A_WRITE, obj="member_a", label="A"),
    Page("members:post_assign", ACTION_GET, A_WRITE, obj="post_a", label="A"),
    Page(
        "members:post_unassign", ACTION_GET, "302* 403 302* 404 302*", obj="assignment_a", label="A"
    ),
    Page(
        "members:registration_confirm",
        ACTION_GET,
        "302* 403 302* 404 302*",
        obj="registration_a",
        label="A",
    ),
    Page("members:registration_detail", A_READ, obj="registration_a", label="A"),
    Page("members:activist_advance", ACTION_GET, A_WRITE, obj="activist_a", label="A"),
    Page("members:activist_step", ACTION_GET, A_WRITE, obj="activist_a", label="A"),
    Page("members:care_resolve", ACTION_GET, A_WRITE, obj="care_a", label="A"),
    Page(
        "cadres:record_review",
        "405 403 403 404 404",
        "302* 403 403 404 404",
        obj="proposed_record_a",
        label="A",
    ),
    Page(
        "cadres:cadre_update",
        "200 403 403 404 404",
        "200 403 403 404 404",
        obj="cadre_a",
        label="A",
    ),
    Page(
        "funds:allocation_pass_down",
        "200 403 200 404 403",
        "200 403 200 404 403",
        obj="allocation_village",
        label="village",
    ),
    Page("funds:expenditure_create", A_WRITE, A_WRITE, obj="allocation_village", label="village"),
    Page("funds:expenditure_reverse", A_WRITE, A_WRITE, obj="entry_village", label="village"),
    Page("funds:voucher_download", A_READ, obj="entry_village", label="village"),
    Page("funds:notice_print", A_READ, obj="tree.village_a", label="village"),
    Page("reports:report_detail", A_TOWN_READ, obj="report_a", label="A"),
]


# ---- The world, built once for the module -------------------------------------------------
@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once in a transaction that is rolled back after the module; each test runs in
    a savepoint inside it (pytest-django's `db`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def tree(world, db):
    """The world's county stands in for tests/conftest.py's, so `client_as` logs in its
    personas."""
    return world.tree


@pytest.fixture
def personas(world, db):
    return world.personas


# ---- Helpers ------------------------------------------------------------------------------
@functools.cache
def _snapshot_sql() -> str:
    quote = connection.ops.quote_name
    parts = []
    for label in ("organizations", "members", "cadres", "funds", "reports"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            table, pk = model._meta.db_table, quote(model._meta.pk.column)
            parts.append(f"SELECT '{table}', COUNT(*), MAX({pk}) FROM {quote(table)}")
    return " UNION ALL ".join(parts)


def database_snapshot() -> list[tuple]:
    """Rows and highest id of every table of our apps (history tables, through tables and
    PersonalDataReveal included) in one query: a change to an audited record always adds a
    history row, so equal snapshots mean nothing was written."""
    with connection.cursor() as cursor:
        cursor.execute(_snapshot_sql())
        return cursor.fetchall()


def _text(response) -> str:
    content_type = response.get("Content-Type", "")
    if response.streaming or not content_type.startswith(("text/html", "application/json")):
        return ""
    if content_type.startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _try(client, method: str, url: str, expected: str, who: str) -> list[str]:
    """One request, rolled back afterwards so that every persona meets the same world."""
    accepted = expected.endswith("*")
    status = expected.rstrip("*")
    where = f"{who} {method.upper()} {url}"
    with transaction.atomic():
        before = database_snapshot()
        response = getattr(client, method)(url)
        changed = database_snapshot() != before
        transaction.set_rollback(True)
    problems = []
    location = response.get("Location", "")
    if status == "login":
        if response.status_code != 302 or not location.startswith(LOGIN):
            problems.append(f"{where}: expected a redirect to log in, got {response.status_code}")
    elif str(response.status_code) != status:
        problems.append(f"{where}: expected {status}, got {response.status_code}")
    elif status == "302" and location.startswith(LOGIN):
        problems.append(f"{where}: sent to log in")
    if changed and not accepted:
        problems.append(f"{where}: the database changed ({response.status_code})")
    marker = FORBIDDEN.get(who)
    if marker and response.status_code == 200 and marker in _text(response):
        problems.append(f"{where}: shows the other township's “{marker}”")
    return problems


# ---- Tests --------------------------------------------------------------------------------
def test_every_url_has_one_row_and_every_row_a_url():
    names = {name for name, _ in url_patterns()}
    rows = Counter(page.name for page in MATRIX)
    missing = sorted(names - set(rows) - set(EXEMPT))
    stale = sorted({*rows, *EXEMPT, *(page.name for page in VARIANTS)} - names)
    twice = sorted(name for name, count in rows.items() if count > 1)
    assert not missing, f"URL patterns with no row in the access matrix: {missing}"
    assert not stale, f"rows for URL names that no longer exist: {stale}"
    assert not twice, f"URL names with more than one row (use VARIANTS): {twice}"
    assert not set(rows) & set(EXEMPT)


@pytest.mark.parametrize("page", MATRIX + VARIANTS, ids=lambda page: page.id)
def test_every_row_is_well_formed(page):
    for method in ("get", "post"):
        codes = getattr(page, method).split()
        assert len(codes) == len(PERSONAS), (method, codes)
        assert set(codes) <= {"200", "302", "403", "404", "405", "200*", "302*"}, (method, codes)


def test_every_list_with_an_export_is_marked():
    views = {name: pattern.callback.view_class for name, pattern in url_patterns()}
    exporting = {name for name, view in views.items() if getattr(view, "export_columns", None)}
    marked = {page.name for page in MATRIX if page.export}
    assert exporting == marked


@pytest.mark.parametrize("page", MATRIX + VARIANTS, ids=lambda page: page.id)
def test_access(client_as, world, page):
    url = page.url(world)
    problems = []
    anonymous = client_as("anonymous")
    for method in ("get", "post"):
        problems += _try(anonymous, method, url, "login", "anonymous")
    for persona in PERSONAS:
        client = client_as(persona)
        for method in ("get", "post"):
            problems += _try(client, method, url, page.expected(method)[persona], persona)
    assert not problems, "\n".join(problems)


def _cells(response) -> str:
    assert response["Content-Type"] == XLSX
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return "\n".join(
        str(value) for row in workbook.active.iter_rows(values_only=True) for value in row
    )


@pytest.mark.parametrize("page", [page for page in MATRIX if page.export], ids=lambda p: p.id)
def test_exports_hold_only_the_scope(client_as, world, page):
    """Every persona who may open a list may export it, and no one else; a township's export
    holds its own rows and none of the other's, the county's holds both (so the search is
    not vacuous)."""
    url = f"{page.url(world)}?format=xlsx"
    assert _try(client_as("anonymous"), "get", url, "login", "anonymous") == []
    a, b = MARKER["a"], MARKER["b"]
    holds = {"county_staff": a + b, "leader": a + b, "township_a": a, "township_b": b}
    for persona in PERSONAS:
        client = client_as(persona)
        before = database_snapshot()
        response = client.get(url)
        if page.expected("get")[persona] != "200":
            assert str(response.status_code) == page.expected("get")[persona], (persona, url)
            assert database_snapshot() == before, (persona, url)
            continue
        assert response.status_code == 200, (persona, url)
        cells = _cells(response)
        assert database_snapshot() == before, (persona, url)
        if persona in FORBIDDEN:
            assert FORBIDDEN[persona] not in cells, (persona, url)
        assert all(marker in cells for marker in holds.get(persona, "")), (persona, url)


@pytest.mark.parametrize(
    ("persona", "full"),
    [
        ("county_staff", True),
        ("leader", False),
        ("township_a", True),
        ("township_b", True),
        ("branch", True),
    ],
)
def test_full_member_export_only_for_roles_that_may_reveal(client_as, world, persona, full):
    """?full=1 unmasks ID numbers and phones for those who may see them, and records it."""
    own = world.member_b if persona in ("county_staff", "leader", "township_b") else world.member_a
    before = PersonalDataReveal.objects.count()
    response = client_as(persona).get(
        reverse("members:member_list"), {"format": "xlsx", "full": "1"}
    )
    assert (own.id_number in _cells(response)) is full
    assert PersonalDataReveal.objects.count() == before + full
