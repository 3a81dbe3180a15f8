"""The administrator keeps the tree in the admin site, under the same rules."""

import pytest
from django.urls import reverse

from organizations.choices import OrganizationKind as K
from organizations.models import Organization
from tests.web import form_with


def _admin_form(web, url):
    return form_with(web("admin").get(url), "treebeard_position")


def _add_form(web, **fields):
    form = _admin_form(web, reverse("admin:organizations_organization_add"))
    for name, value in fields.items():
        form[name] = value
    return form


def test_admin_adds_a_temporary_branch_under_a_township(web, tree, personas):
    form = _add_form(
        web,
        name="甲镇方舱医院临时党支部",
        code="FY001-T09",
        kind=K.TEMPORARY_BRANCH,
        sector="medical",
        established_on="2026-11-20",
        treebeard_position="first-child",
        treebeard_ref_node=str(tree.township_a.pk),
    )
    form.submit().follow()
    branch = Organization.objects.get(code="FY001-T09")
    assert Organization.objects.get_parent(branch) == tree.township_a
    assert branch.township == tree.township_a
    assert branch.established_by == personas.admin
    assert branch.history.latest().history_user == personas.admin


def test_admin_refuses_a_child_under_a_branch(web, tree):
    before = Organization.objects.count()
    form = _add_form(
        web,
        name="错误的下级",
        code="BAD01",
        kind=K.BRANCH,
        sector="rural",
        treebeard_position="first-child",
        treebeard_ref_node=str(tree.village_a.pk),
    )
    response = form.submit(status=200)
    assert "“党支部”不能设在“党支部”之下" in response.text
    assert Organization.objects.count() == before


def _change_form(web, organization):
    url = reverse("admin:organizations_organization_change", args=[organization.pk])
    return _admin_form(web, url)


def test_admin_does_not_offer_moving_a_node_under_its_descendant(web, tree):
    form = _change_form(web, tree.general_a)
    offered = {value for value, _selected, _label in form["treebeard_ref_node"].options}
    # Treebeard leaves the node's own subtree out of the choices.
    assert str(tree.sub_a.pk) not in offered
    assert str(tree.general_a.pk) not in offered
    assert str(tree.township_b.pk) in offered
    general = Organization.objects.get(pk=tree.general_a.pk)
    assert Organization.objects.get_parent(general) == tree.township_a


def test_admin_move_to_another_township_keeps_townships_in_step(web, tree, personas):
    form = _change_form(web, tree.general_a)
    form["treebeard_position"] = "first-child"
    form["treebeard_ref_node"] = str(tree.township_b.pk)
    form.submit().follow()
    general = Organization.objects.get(pk=tree.general_a.pk)
    assert Organization.objects.get_parent(general) == tree.township_b
    assert general.township == tree.township_b
    assert Organization.objects.get(pk=tree.sub_a.pk).township == tree.township_b
    assert general.history.latest().history_user == personas.admin


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
