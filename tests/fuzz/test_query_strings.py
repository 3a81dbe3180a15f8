"""Fuzzing the read-only pages: lists, searches, filters and exports with any query string.

Nothing here writes, so the only promise is "no 500": whatever a hand-edited address
carries, a page answers 200 (perhaps with nothing found), or 404 for an object the user
may not see, or a redirect. County staff may open every one of these pages. This is the
lighter part of the fuzzing: 25 examples a page.
"""

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from cadres.choices import OutcomeKind, OutcomeState, Polarity
from funds.choices import Source, Use
from members.choices import DisciplineDecision, MemberCategory, PostKind, RegistrationRole, Stage
from organizations.choices import OrganizationKind, Sector
from reports.choices import Risk

from . import strategies as fz
from .harness import clean_slate

SCOPED = ("township", "organization", "page", "format", "full")
DATES = ("2026-02-01", "2026-02-30", "0001-01-01", "9999-12-31", "2026/02/01", "20260201")
PAGES = {
    "organizations:organization_list": ("q", "kind", "sector", "page"),
    "members:member_list": ("q", "status", "category", "active", *SCOPED),
    "members:post_list": ("q", "kind", "active_on", *SCOPED),
    "members:registration_list": ("role", "confirmed", *SCOPED),
    "members:activist_list": ("q", "stage", *SCOPED),
    "members:discipline_list": ("decision", *SCOPED),
    "members:care_list": ("open", *SCOPED),
    "members:care_create": ("member",),
    "cadres:cadre_list": ("q", "category", "active", *SCOPED),
    "cadres:record_list": ("polarity", "reviewed", "occurred_after", "occurred_before", *SCOPED),
    "cadres:outcome_list": ("kind", "state", *SCOPED),
    "cadres:commendation_list": ("kind", "state", *SCOPED),
    "cadres:commendation_create": ("organization", "cadre", "member"),
    "cadres:commendation_print": (),
    "cadres:subject_search": ("q",),
    "cadres:record_create": ("subject", "q"),
    "funds:appropriation_list": ("source", "page", "format"),
    "funds:allocation_list": ("idle", *SCOPED),
    "funds:expenditure_list": ("use", "reversal", "spent_after", "spent_before", *SCOPED),
    "reports:report_list": ("risk", *SCOPED),
    "reports:need_list": ("open", *SCOPED),
    "reports:completeness": ("period",),
    "reports:burden": ("start", "end"),
    "reports:dashboard": ("range", "start", "end", "print", "township"),
}
# Addresses that gave a 500 before this fuzzing found them; each must now answer.
FOUND = [
    # get_object_or_404(..., pk=request.GET["member"]) with a non-number: ValueError.
    ("county_staff", "members:care_create", {"member": "x"}),
    # str.isdigit() admits "²", which int() refuses: ValueError.
    ("county_staff", "cadres:commendation_create", {"cadre": "²"}),
    ("county_staff", "reports:dashboard", {"township": "²"}),
    # int() refuses a string of more than 4,300 digits: ValueError in subject_from_value.
    ("county_staff", "cadres:record_create", {"subject": "c" + "9" * 4999}),
    # A period at either end of the calendar: OverflowError in ReportingCadence.period_for.
    ("county_staff", "reports:completeness", {"period": "9999-12-31"}),
    ("county_staff", "reports:completeness", {"period": "0001-01-01"}),
    ("county_staff", "reports:burden", {"end": "9999-12-31"}),
    ("township_a", "reports:report_file", {"period": "0001-01-01"}),
]


def plausible_values(tree, cadres, front) -> list[str]:
    """Values some parameter of some page takes: codes, ids, dates, flags."""
    choices = [
        *OrganizationKind.values,
        *Sector.values,
        *MemberCategory.values,
        *PostKind.values,
        *RegistrationRole.values,
        *Stage.values,
        *DisciplineDecision.values,
        *Polarity.values,
        *OutcomeKind.values,
        *OutcomeState.values,
        *Source.values,
        *Use.values,
        *Risk.values,
        "yes",
        "no",
        "full",
        "xlsx",
        "today",
        "week",
        "month",
        "custom",
        "1",
        "2",
    ]
    ids = [
        tree.township_a.pk,
        tree.township_b.pk,
        tree.village_a.pk,
        cadres.principal_a.pk,
        front.a1.pk,
        front.b1.pk,
    ]
    return [*choices, *(str(pk) for pk in ids), f"c{cadres.principal_a.pk}", *DATES]


def query_string(names, plausible) -> st.SearchStrategy:
    value = st.one_of(
        st.sampled_from(plausible),
        fz.hostile_strings(30),
        st.sampled_from(fz.NUMBER_NOISE).filter(lambda v: v is not fz.OMIT),
        st.lists(st.sampled_from(plausible), min_size=2, max_size=3),  # a repeated parameter
    )
    if not names:
        return st.fixed_dictionaries({})
    return st.dictionaries(st.sampled_from(names), value, max_size=len(names))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_query_string_breaks_a_page(client_as, tree, cadres, front, name):
    """Filters out of scope or malformed show nothing found; exports still export."""
    client = client_as("county_staff")
    url = reverse(name)
    plausible = plausible_values(tree, cadres, front)

    @settings(max_examples=25)
    @given(query_string(PAGES[name], plausible))
    def example(query):
        with clean_slate():  # a full export records who saw the personal data
            response = client.get(url, query)
            assert response.status_code in (200, 302, 404), response.status_code

    example()


@pytest.mark.parametrize(("persona", "name", "query"), FOUND)
def test_addresses_that_once_gave_a_500_now_answer(
    client_as, tree, front, cadres, persona, name, query
):
    response = client_as(persona).get(reverse(name), query)
    assert response.status_code in (200, 302, 404)


def test_the_burden_meter_looks_back_one_year_at_most(client_as, tree):
    """A start far in the past would make the page walk every period since (seconds of a
    worker); it is cut to the last 366 days."""
    response = client_as("county_staff").get(
        reverse("reports:burden"), {"start": "2000-01-01", "end": "2026-02-28"}
    )
    assert response.status_code == 200
    assert response.context["start"].isoformat() == "2025-02-27"
