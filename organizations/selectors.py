"""Reads of the organization tree, always cut to the user's scope first."""

from django.apps import apps
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from .choices import OrganizationKind
from .models import Organization, User


def scope_root(*, user: User) -> Organization | None:
    """The highest organization a user sees: the county, their township or their own."""
    if user.sees_whole_county:
        return Organization.objects.filter(depth=1).first()
    if user.organization_id is None:
        return None
    return user.organization


def organization_search(*, user: User, query: str = "", kind: str = "", sector: str = ""):
    """Organizations in scope matching a name or code fragment, kind and sector."""
    organizations = Organization.objects.visible_to(user).select_related("township")
    if query:
        organizations = organizations.filter(Q(name__icontains=query) | Q(code__icontains=query))
    if kind:
        organizations = organizations.filter(kind=kind)
    if sector:
        organizations = organizations.filter(sector=sector)
    return organizations


def children_page(*, parent: Organization, user: User, number) -> tuple[Page, list]:
    """One page (`CHILDREN_PER_PAGE`) of the children of `parent` in scope, with their
    counts: a county's 850 second-level organizations are not rendered at once. Two queries
    and the page's count, whatever the tree's size."""
    paginator = Paginator(
        Organization.objects.children_of(parent).visible_to(user), settings.CHILDREN_PER_PAGE
    )
    page = paginator.get_page(number)
    return page, children_with_counts(parent=parent, user=user, children=list(page))


def children_with_counts(*, parent: Organization, user: User, children: list) -> list:
    """`children` of `parent`, each with the size of its own subtree in the user's scope:
    one grouped count of their deeper descendants by the child path they start with."""
    child_path_length = (parent.depth + 1) * Organization.steplen
    totals = {
        row["child_path"]: row
        for row in Organization.objects.visible_to(user)
        .filter(path__startswith=parent.path, depth__gt=parent.depth + 1)
        .annotate(child_path=Substr("path", 1, child_path_length))
        .filter(child_path__in=[child.path for child in children])
        .values("child_path")
        .annotate(
            organizations=Count("pk"),
            households=Sum("households_covered"),
            temporary_open=Count(
                "pk",
                filter=Q(kind=OrganizationKind.TEMPORARY_BRANCH, closed_on__isnull=True),
            ),
        )
        .order_by()
    }
    for child in children:
        row = totals.get(child.path, {})
        child.descendant_count = row.get("organizations", 0)
        child.subtree_households = child.households_covered + (row.get("households") or 0)
        child.temporary_open = row.get("temporary_open", 0)
    return children


def visible_ancestors(*, organization: Organization, user: User) -> list[Organization]:
    """The path from the user's scope root down to (not including) `organization`."""
    return list(Organization.objects.get_ancestors(organization).visible_to(user))


def kind_counts(*, user: User) -> list[tuple[str, int]]:
    """How many organizations of each kind the user's scope holds, in the kinds' order."""
    rows = dict(
        Organization.objects.visible_to(user).values_list("kind").annotate(n=Count("pk")).order_by()
    )
    return [(kind.label, rows[kind.value]) for kind in OrganizationKind if kind.value in rows]


def staff_of(*, organization: Organization, user: User):
    """Accounts acting for an organization, as far as the user may see them."""
    return (
        User.objects.visible_to(user)
        .filter(organization=organization, is_active=True)
        .order_by("role", "username")
    )


def secretary_choices(*, parent: Organization, user: User):
    """The members a temporary branch under `parent` may be given as its designated
    secretary: those on the rolls of the parent's subtree, as far as the user sees them.
    Read through the app registry: this app imports none of the others."""
    member = apps.get_model("members", "Member")
    return (
        member.objects.visible_to(user)
        .filter(organization__path__startswith=parent.path, is_active=True)
        .select_related("organization")
        .order_by("organization__path", "name")
    )


def is_in_county_organ(organization: Organization) -> bool:
    """Whether an organization sits in a county organ's subtree (县直机关)."""
    top_path = organization.path[: 2 * Organization.steplen]
    return Organization.objects.filter(path=top_path, kind=OrganizationKind.COUNTY_ORGAN).exists()
