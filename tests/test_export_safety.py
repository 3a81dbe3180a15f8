"""A text that looks like a formula is never one in a workbook we write (issue #15, item 8).

Every text of township B's objects in the access world carries the marker "乙"; here each
such text is made to start with a formula payload, as a user could type it into a post name,
a record or a member's name. Every export the access matrix knows is then downloaded by
county staff and reopened: no cell is a formula, and the payload reads as it was typed.
"""

import io

import openpyxl
import pytest
from django.apps import apps
from django.db import models, transaction
from django.urls import reverse

from .access_world import MARKER, build_world
from .test_access_matrix import MATRIX

PAYLOADS = [
    '=HYPERLINK("http://x","点我")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "+1+1",
    "-2+3",
]
EXPORTS = [page for page in MATRIX if page.export]
OUR_APPS = ("organizations", "members", "cadres", "funds", "reports")


def _inject(payload: str) -> int:
    """Prefix the payload to every free text of township B's objects; how many were changed."""
    changed = 0
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or model.__name__.startswith("Historical"):
            continue
        fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and not field.choices
            and field.name != "path"  # the tree's index
        ]
        for field in fields:
            for obj in model.objects.filter(**{f"{field.name}__contains": MARKER["b"]}):
                value = getattr(obj, field.name)
                setattr(obj, field.name, (payload + value)[: field.max_length])
                obj.save(update_fields=[field.name])
                changed += 1
    return changed


@pytest.fixture(scope="module", params=PAYLOADS)
def world(request, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        assert _inject(request.param)
        world.payload = request.param
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def personas(world, db):
    return world.personas


@pytest.mark.parametrize("page", EXPORTS, ids=lambda page: page.id)
def test_no_export_writes_a_formula(web, world, page):
    response = web("county_staff").get(page.url(world), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.body)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    typed = [cell for cell in cells if str(cell.value or "").startswith(world.payload)]
    assert typed, "the payload must reach the export, or the test proves nothing"
    assert all(cell.data_type == "s" for cell in typed)
    assert all(MARKER["b"] in cell.value for cell in typed)  # the text as typed, whole


def test_the_full_member_register_writes_no_formula(web, world):
    response = web("county_staff").get(
        reverse("members:member_list"),
        {"format": "xlsx", "full": "1"},
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.body)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert any(str(cell.value or "").startswith(world.payload) for cell in cells)
