"""Fuzzing the organization forms: contact details, opening and closing a temporary branch."""

import datetime

import pytest
from django.urls import reverse

from organizations.choices import OrganizationKind, Sector
from organizations.models import Organization
from organizations.services import temporary_branch_open

from . import strategies as fz
from .harness import (
    PHONE,
    assert_recorded_by,
    assert_spelled,
    assert_stored,
    fuzz_form,
    sent,
    submit_step,
    typed_date,
    typed_int,
    typed_text,
)

D = datetime.date


@pytest.fixture
def temporary(tree, personas):
    return temporary_branch_open(
        parent=tree.township_a,
        user=personas.township_a,
        name="高速路口临时党支部",
        secretary_name="临时书记",
        sector=Sector.RURAL,
        established_on=D(2026, 2, 1),
    )


def test_contact_form_keeps_exactly_what_the_township_typed(client_as, tree, personas):
    """A township secretary keeps a village's secretary, phone and households current."""
    client = client_as("township_a")
    url = reverse("organizations:organization_update", args=[tree.village_a.pk])
    examples = fz.form_data(
        {
            "secretary_name": fz.text(50, required=False),
            "contact_phone": fz.phone(),
            "households_covered": fz.integer(0, 100_000),
        }
    )

    def stored(outcome, data):
        assert_stored(
            tree.village_a,
            secretary_name=typed_text(data.get("secretary_name")),
            contact_phone=typed_text(data.get("contact_phone")),
            households_covered=typed_int(data["households_covered"]),
        )
        assert_spelled(tree.village_a, contact_phone=PHONE)
        assert_recorded_by(tree.village_a, personas.township_a)

    fuzz_form(client, url, examples, stored)


def test_temporary_branch_form_opens_exactly_the_branch_described(client_as, tree, personas):
    """A temporary branch set up "in seconds" on the front line holds what was typed."""
    client = client_as("township_a")
    url = reverse("organizations:temporary_branch_create", args=[tree.township_a.pk])
    examples = fz.form_data(
        {
            "name": fz.text(100),
            "sector": fz.choice(Sector.values),
            "approved_by": fz.choice([str(tree.township_a.pk), str(tree.county.pk)]),
            "secretary_name": fz.text(50),  # the designated secretary, by name
            "contact_phone": fz.phone(),
            "households_covered": fz.integer(0, 100_000),
            "established_on": fz.date(D(2025, 1, 1)),
        }
    )

    def stored(outcome, data):
        branch = outcome.new_row(Organization)
        assert_stored(
            branch,
            name=typed_text(data["name"]),
            sector=sent(data["sector"]),
            secretary_name=typed_text(data.get("secretary_name")),
            contact_phone=typed_text(data.get("contact_phone")),
            households_covered=typed_int(data["households_covered"]),
            established_on=typed_date(data["established_on"]),
            kind=OrganizationKind.TEMPORARY_BRANCH,
            township_id=tree.township_a.pk,
            established_by_id=personas.township_a.pk,
            approved_by_id=int(sent(data["approved_by"])),
        )
        assert_spelled(branch, contact_phone=PHONE)
        assert Organization.objects.get_parent(branch).pk == tree.township_a.pk
        assert_recorded_by(branch, personas.township_a)

    fuzz_form(client, url, examples, stored)


def test_closing_a_temporary_branch_records_exactly_the_date_given(client_as, personas, temporary):
    """Closing takes one date; a wrong one leaves the branch open and says why."""
    client = client_as("township_a")
    url = reverse("organizations:temporary_branch_close", args=[temporary.pk])
    examples = fz.form_data({"closed_on": fz.date(D(2026, 1, 15))})

    def stored(outcome, data):
        assert_stored(temporary, closed_on=typed_date(data["closed_on"]), is_active=False)
        assert_recorded_by(temporary, personas.township_a)

    fuzz_form(client, url, examples, stored, post=submit_step)
