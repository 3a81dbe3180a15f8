"""The test county and the people who use it, as every test speaks about them.

丰源 test county
├── 甲镇党委 (township A) ── 甲村党支部 (branch secretary's), 甲村党总支 ── 甲村第一党支部
├── 乙街道党工委 (township B) ── 乙社区党支部
└── 县卫健委党组 (county organ) ── 县卫健委机关党支部

`tests/conftest.py` builds it for each test (`tree`, `personas`); the access matrix builds it
once for its module.
"""

from types import SimpleNamespace

from organizations.choices import OrganizationKind as K
from organizations.choices import Role
from organizations.choices import Sector as S

from .factories import OrganizationFactory, UserFactory


def build_tree() -> SimpleNamespace:
    county = OrganizationFactory(name="中共丰源县委员会", code="FY", kind=K.COUNTY, sector=S.ORGAN)
    township_a = OrganizationFactory(
        parent=county, name="中共甲镇委员会", code="FY001", kind=K.TOWNSHIP
    )
    village_a = OrganizationFactory(parent=township_a, name="甲村党支部", code="FY001001")
    general_a = OrganizationFactory(
        parent=township_a, name="甲村党总支", code="FY001002", kind=K.GENERAL_BRANCH
    )
    sub_a = OrganizationFactory(parent=general_a, name="甲村第一党支部", code="FY00100201")
    township_b = OrganizationFactory(
        parent=county,
        name="中共乙街道工作委员会",
        code="FY002",
        kind=K.STREET,
        sector=S.URBAN_COMMUNITY,
    )
    community_b = OrganizationFactory(
        parent=township_b, name="乙社区党支部", code="FY002001", sector=S.URBAN_COMMUNITY
    )
    organ = OrganizationFactory(
        parent=county, name="中共县卫健委党组", code="FY003", kind=K.COUNTY_ORGAN, sector=S.ORGAN
    )
    organ_branch = OrganizationFactory(
        parent=organ, name="县卫健委机关党支部", code="FY003001", sector=S.ORGAN
    )
    return SimpleNamespace(
        county=county,
        township_a=township_a,
        village_a=village_a,
        general_a=general_a,
        sub_a=sub_a,
        township_b=township_b,
        community_b=community_b,
        organ=organ,
        organ_branch=organ_branch,
    )


def build_personas(tree) -> SimpleNamespace:
    return SimpleNamespace(
        county_staff=UserFactory(
            username="county", role=Role.COUNTY_STAFF, organization=tree.county
        ),
        leader=UserFactory(username="leader", role=Role.LEADER, organization=tree.county),
        township_a=UserFactory(
            username="town_a", role=Role.TOWNSHIP_SECRETARY, organization=tree.township_a
        ),
        township_b=UserFactory(
            username="town_b", role=Role.TOWNSHIP_SECRETARY, organization=tree.township_b
        ),
        branch=UserFactory(
            username="branch_a", role=Role.BRANCH_SECRETARY, organization=tree.village_a
        ),
        admin=UserFactory(
            username="admin", role="", organization=None, is_superuser=True, is_staff=True
        ),
        anonymous=None,
    )
