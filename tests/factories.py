"""Factories that build records through the same services the application uses."""

import datetime

import factory

from cadres.models import Cadre, CadreCategory
from cadres.services import default_categories_ensure
from members.choices import Education, MemberCategory
from members.models import Member
from members.services import member_create
from organizations.choices import OrganizationKind, Role, Sector
from organizations.models import Organization, User
from organizations.personal import build_id_number
from organizations.services import audited_save, organization_create


class OrganizationFactory(factory.django.DjangoModelFactory):
    """Pass `parent=` to place the organization; it goes through organization_create."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试党组织{n}")
    code = factory.Sequence(lambda n: f"T{n:05d}")
    kind = OrganizationKind.BRANCH
    sector = Sector.RURAL
    secretary_name = "李明"
    contact_phone = "13800000000"
    households_covered = 100

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        return organization_create(parent=parent, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "张"
    first_name = factory.Sequence(lambda n: f"同志{n}")
    role = Role.BRANCH_SECRETARY
    password = factory.django.Password("correct-horse-battery")


def id_number(birth=None, male=True):
    """A valid ID number, different on every call (born 1970 onwards unless `birth` given)."""
    global _ID_SEQUENCE
    _ID_SEQUENCE += 1
    if birth is None:
        birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=_ID_SEQUENCE // 500)
    sequence = (_ID_SEQUENCE % 500) * 2 + (1 if male else 0)
    return build_id_number("410702", birth, sequence)


_ID_SEQUENCE = 0


class MemberFactory(factory.django.DjangoModelFactory):
    """Pass `organization=`; the member goes through member_create and its rules."""

    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"党员{n}")
    id_number = factory.LazyFunction(id_number)
    ethnicity = "汉族"
    education = Education.BACHELOR
    phone = "13912345678"
    joined_on = datetime.date(2010, 7, 1)
    full_member_on = datetime.date(2011, 7, 1)
    category = MemberCategory.EMPLOYED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return member_create(user=None, **kwargs)


def cadre_category(checkpoint_set):
    default_categories_ensure()
    return CadreCategory.objects.filter(checkpoint_set=checkpoint_set).order_by("position").first()


class CadreFactory(factory.django.DjangoModelFactory):
    """Pass `organization=`; `category` defaults to 党政主要负责同志."""

    class Meta:
        model = Cadre

    name = factory.Sequence(lambda n: f"干部{n}")
    post_title = "党委书记"
    category = factory.LazyFunction(lambda: cadre_category("principal"))
    phone = "13600001111"
    birth_year = 1975

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return audited_save(Cadre(**kwargs), user=None)
