"""Factories that build records through the same services the application uses."""

import factory

from organizations.choices import OrganizationKind, Role, Sector
from organizations.models import Organization, User
from organizations.services import organization_create


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
