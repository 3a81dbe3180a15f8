"""The administrator keeps the tree in the admin site, under the same rules."""

import pytest
from django.urls import reverse

from organizations.choices import OrganizationKind as K
from organizations.models import Organization


def _add(client, **fields):
    data = {
        "name": "",
        "code": "",
        "kind": K.BRANCH,
        "sector": "rural",
        "secretary_name": "",
        "contact_phone": "",
        "households_covered": 0,
        "is_active": "on",
        "established_on": "",
        "closed_on": "",
        "treebeard_position": "first-child",
        "treebeard_ref_node": "",
        **fields,
    }
    return client.post(reverse("admin:organizations_organization_add"), data)


def test_admin_adds_a_temporary_branch_under_a_township(client_as, tree, personas):
    response = _add(
        client_as("admin"),
        name="甲镇方舱医院临时党支部",
        code="FY001-T09",
        kind=K.TEMPORARY_BRANCH,
        sector="medical",
        established_on="2026-11-20",
        treebeard_ref_node=tree.township_a.pk,
    )
    assert response.status_code == 302
    branch = Organization.objects.get(code="FY001-T09")
    assert Organization.objects.get_parent(branch) == tree.township_a
    assert branch.township == tree.township_a
    assert branch.established_by == personas.admin
    assert branch.history.latest().history_user == personas.admin


def test_admin_refuses_a_child_under_a_branch(client_as, tree):
    before = Organization.objects.count()
    response = _add(
        client_as("admin"), name="错误的下级", code="BAD01", treebeard_ref_node=tree.village_a.pk
    )
    assert response.status_code == 200
    assert "“党支部”不能设在“党支部”之下" in response.content.decode()
    assert Organization.objects.count() == before


def test_admin_refuses_moving_a_node_under_its_descendant(client_as, tree):
    url = reverse("admin:organizations_organization_change", args=[tree.general_a.pk])
    client = client_as("admin")
    data = {
        "name": "甲村党总支",
        "code": "FY001002",
        "kind": K.GENERAL_BRANCH,
        "sector": "rural",
        "secretary_name": "李明",
        "contact_phone": "13800000000",
        "households_covered": 100,
        "is_active": "on",
        "treebeard_position": "first-child",
        "treebeard_ref_node": tree.sub_a.pk,
    }
    response = client.post(url, data)
    # Treebeard leaves the node's own subtree out of the choices; either way it stays put.
    assert response.status_code == 200
    general = Organization.objects.get(pk=tree.general_a.pk)
    assert Organization.objects.get_parent(general) == tree.township_a


def test_admin_move_to_another_township_keeps_townships_in_step(client_as, tree):
    url = reverse("admin:organizations_organization_change", args=[tree.general_a.pk])
    data = {
        "name": "甲村党总支",
        "code": "FY001002",
        "kind": K.GENERAL_BRANCH,
        "sector": "rural",
        "secretary_name": "李明",
        "contact_phone": "13800000000",
        "households_covered": 100,
        "is_active": "on",
        "treebeard_position": "first-child",
        "treebeard_ref_node": tree.township_b.pk,
    }
    response = client_as("admin").post(url, data)
    assert response.status_code == 302
    assert Organization.objects.get(pk=tree.sub_a.pk).township == tree.township_b
    assert Organization.objects.get(pk=tree.general_a.pk).township == tree.township_b


@pytest.mark.parametrize("persona", ["county_staff", "leader", "township_a", "branch"])
def test_only_the_administrator_enters_the_admin_site(client_as, tree, persona):
    response = client_as(persona).get(reverse("admin:organizations_organization_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_tree_and_search_render(client_as, tree):
    client = client_as("admin")
    assert client.get(reverse("admin:organizations_organization_changelist")).status_code == 200
    response = client.get(reverse("admin:organizations_organization_changelist"), {"q": "甲村"})
    assert response.status_code == 200
    assert "甲村第一党支部" in response.content.decode()
