"""The one way to cut any queryset to what a user may see.

Every scoped model's manager is built from `ScopedQuerySet`, so every list, detail page,
form choice, export and aggregate asks the same question through `visible_to(user)`.
"""

from django.db import models
from django.db.models import Q

from .choices import Role


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows where its rows hang in the organization tree.

    `organization_field` is the lookup to the row's Organization ("" for Organization
    itself), or a tuple of lookups when a row may hang under one of several;
    `township_field` is the indexed lookup to the township copied onto the row.
    """

    organization_field = "organization"
    township_field = "organization__township"

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.sees_whole_county:
            return self.all()
        scope = user.organization
        if scope is None:
            return self.none()
        if user.role == Role.TOWNSHIP_SECRETARY:
            return self.filter(**{self.township_field: scope})
        fields = self.organization_field
        if isinstance(fields, str):
            fields = (fields,)
        within = Q()
        for field in fields:
            prefix = f"{field}__" if field else ""
            within |= Q(**{f"{prefix}path__startswith": scope.path})
        return self.filter(within)


class TownshipScopedQuerySet(ScopedQuerySet):
    """For business records that carry their own copied `township` column."""

    township_field = "township"
