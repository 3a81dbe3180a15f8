"""The shared county and personas every test speaks about.

丰源 test county
├── 甲镇党委 (township A) ── 甲村党支部 (branch secretary's), 甲村党总支 ── 甲村第一党支部
├── 乙街道党工委 (township B) ── 乙社区党支部
└── 县卫健委党组 (county organ) ── 县卫健委机关党支部
"""

import os
from types import SimpleNamespace

import pytest
from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from organizations import twofactor
from organizations.choices import OrganizationKind as K
from organizations.choices import Role
from organizations.choices import Sector as S

from .factories import OrganizationFactory, UserFactory


def pytest_configure(config):
    expected = os.environ.get("EXPECT_DATABASE_VENDOR")
    engine = settings.DATABASES["default"]["ENGINE"]
    if expected and expected not in engine:
        raise pytest.UsageError(
            f"EXPECT_DATABASE_VENDOR={expected} but DATABASE_URL gives {engine}: refusing to "
            "test on another database."
        )


def pytest_report_header(config):
    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture
def tree(db):
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


@pytest.fixture
def personas(tree):
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


def sign_in(client, user):
    """Log `user` in, second factor included where the role needs one."""
    client.force_login(user)
    if twofactor.is_required(user):
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="测试验证器", defaults={"confirmed": True}
        )
        session = client.session
        session[twofactor.SESSION_KEY] = twofactor.VERIFIED
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_as(client, personas):
    """A test client logged in as the named persona ("anonymous" stays logged out)."""

    def login(name):
        user = getattr(personas, name)
        if user is not None:
            sign_in(client, user)
        return client

    return login
