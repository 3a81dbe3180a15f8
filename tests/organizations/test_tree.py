"""The rules of the tree and the township copied onto every row."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organizations.choices import OrganizationKind as K
from organizations.choices import Role
from organizations.choices import Sector as S
from organizations.models import Organization, User
from organizations.services import (
    organization_create,
    organization_move,
    temporary_branch_close,
    temporary_branch_open,
)
from tests.factories import OrganizationFactory


def test_township_is_copied_from_the_tree(tree):
    assert tree.county.township is None
    assert tree.township_a.township == tree.township_a
    assert tree.village_a.township == tree.township_a
    assert tree.sub_a.township == tree.township_a
    assert tree.community_b.township == tree.township_b
    assert tree.organ.township is None
    assert tree.organ_branch.township is None


@pytest.mark.parametrize(
    ("kind", "parent_name", "message"),
    [
        (K.BRANCH, "village_a", "“党支部”不能设在“党支部”之下"),
        (K.TOWNSHIP, "township_a", "“乡镇党委”不能设在“乡镇党委”之下"),
        (K.COMMITTEE, "general_a", "“党委”不能设在“党总支”之下"),
        (K.TEMPORARY_BRANCH, "county", "“临时党支部”不能设在“县委”之下"),
        (K.COUNTY, "county", "“县委”不能设在“县委”之下"),
    ],
)
def test_a_branch_sits_under_a_committee_not_the_other_way_round(tree, kind, parent_name, message):
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as refused:
        organization_create(
            parent=getattr(tree, parent_name),
            name="新组织",
            code="NEW01",
            kind=kind,
            sector=S.RURAL,
        )
    assert message in " ".join(refused.value.messages)
    assert Organization.objects.count() == before


def test_one_county_committee_is_the_only_root(tree):
    with pytest.raises(ValidationError, match="组织树只能有一个县委"):
        organization_create(
            parent=None, name="另一个县委", code="XX", kind=K.COUNTY, sector=S.ORGAN
        )
    with pytest.raises(ValidationError, match="只有县委可以作为组织树的根"):
        organization_create(parent=None, name="孤立支部", code="YY", kind=K.BRANCH, sector=S.RURAL)
    assert Organization.objects.filter(depth=1).count() == 1


def test_code_is_unique_with_a_chinese_message(tree):
    with pytest.raises(ValidationError) as refused:
        organization_create(
            parent=tree.township_a, name="重复编码", code="FY001001", kind=K.BRANCH, sector=S.RURAL
        )
    assert "组织编码" in str(refused.value.message_dict["code"])


def test_code_uniqueness_is_also_a_database_constraint(tree):
    clash = Organization(
        name="绕过服务", code="FY001001", kind=K.BRANCH, sector=S.RURAL, path="ZZZZ", depth=1
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()


def test_only_a_temporary_branch_can_close_in_the_database(tree):
    village = Organization.objects.get(pk=tree.village_a.pk)
    village.closed_on = village.created_at.date()
    with pytest.raises(IntegrityError), transaction.atomic():
        village.save()


def test_moving_under_its_own_descendant_is_refused(tree):
    with pytest.raises(ValidationError, match="不能把组织移到它自己或它的下级组织之下"):
        organization_move(organization=tree.general_a, parent=tree.sub_a)
    with pytest.raises(ValidationError, match="不能把组织移到它自己或它的下级组织之下"):
        organization_move(organization=tree.general_a, parent=tree.general_a)
    assert Organization.objects.get_parent(Organization.objects.get(pk=tree.general_a.pk)) == (
        tree.township_a
    )


def test_moving_a_subtree_to_another_township_moves_its_township_and_history(tree, personas):
    moved = organization_move(
        organization=tree.general_a, parent=tree.township_b, user=personas.county_staff
    )
    assert Organization.objects.get_parent(moved) == tree.township_b
    sub = Organization.objects.get(pk=tree.sub_a.pk)
    assert moved.township == tree.township_b
    assert sub.township == tree.township_b
    assert Organization.objects.get_parent(sub) == moved
    record = moved.history.latest()
    assert record.history_user == personas.county_staff
    assert record.history_change_reason == "从“中共甲镇委员会”移至“中共乙街道工作委员会”之下"
    assert sub.history.latest().township_id == tree.township_b.pk
    # Scope follows the move at once.
    assert not Organization.objects.visible_to(personas.township_a).filter(pk=sub.pk).exists()
    assert Organization.objects.visible_to(personas.township_b).filter(pk=sub.pk).exists()


def test_kind_change_must_suit_existing_children(tree):
    from organizations.services import placement_check

    with pytest.raises(ValidationError, match="该组织下设有“党支部”，不能改为“党支部”"):
        placement_check(kind=K.BRANCH, parent=tree.township_a, organization=tree.general_a)


def test_temporary_branch_records_who_set_it_up_and_when_it_closes(tree, personas):
    first = temporary_branch_open(
        secretary_name="临时书记",
        parent=tree.township_a,
        user=personas.township_a,
        name="卡口临时党支部",
        sector=S.RURAL,
    )
    second = temporary_branch_open(
        secretary_name="临时书记",
        parent=tree.township_a,
        user=personas.township_a,
        name="隔离点临时党支部",
        sector=S.RURAL,
    )
    assert (first.code, second.code) == ("FY001-T01", "FY001-T02")
    assert first.established_by == personas.township_a
    assert first.is_open
    closed = temporary_branch_close(branch=first, user=personas.township_a)
    assert closed.closed_on == closed.established_on
    assert not closed.is_active
    with pytest.raises(ValidationError, match="已于"):
        temporary_branch_close(branch=first, user=personas.township_a)


class TestScope:
    def test_each_persona_sees_its_own_part_of_the_tree(self, tree, personas):
        def names(user):
            return set(Organization.objects.visible_to(user).values_list("code", flat=True))

        everything = set(Organization.objects.values_list("code", flat=True))
        assert names(personas.county_staff) == everything
        assert names(personas.leader) == everything
        assert names(personas.admin) == everything
        assert names(personas.township_a) == {"FY001", "FY001001", "FY001002", "FY00100201"}
        assert names(personas.township_b) == {"FY002", "FY002001"}
        assert names(personas.branch) == {"FY001001"}

    def test_accounts_without_role_or_inactive_see_nothing(self, tree, personas):
        nobody = User.objects.create_user("nobody", password="x" * 12)
        assert not Organization.objects.visible_to(nobody).exists()
        personas.township_a.is_active = False
        assert not Organization.objects.visible_to(personas.township_a).exists()

    def test_accounts_are_scoped_the_same_way(self, tree, personas):
        seen = set(User.objects.visible_to(personas.township_a).values_list("username", flat=True))
        assert seen == {"town_a", "branch_a"}

    def test_a_township_secretary_must_sit_on_a_township(self, tree):
        user = User(username="wrong", role=Role.TOWNSHIP_SECRETARY, organization=tree.village_a)
        with pytest.raises(ValidationError, match="乡镇（街道）书记的所在组织必须是"):
            user.full_clean()

    def test_a_role_needs_an_organization_in_the_database(self, db):
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.create(username="loose", role=Role.COUNTY_STAFF, organization=None)


def test_factory_places_nodes_through_the_service(tree):
    extra = OrganizationFactory(parent=tree.general_a)
    assert extra.township == tree.township_a
    assert Organization.objects.get_parent(extra) == tree.general_a
    assert Organization.objects.get(pk=tree.general_a.pk).numchild == 2
