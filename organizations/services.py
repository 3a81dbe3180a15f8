"""Every change to the organization tree goes through these functions.

Views, the admin site and the demo generator all call them, so the tree rules
(`placement_check`) and the copied township (`subtree_sync_township`) live in one place.
"""

import datetime

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import ALLOWED_PARENT_KINDS, TOWNSHIP_KINDS, OrganizationKind
from .models import Organization, TownshipCopyModel, User
from .policy import Action, require
from .signals import organization_closed


def audited_save(instance, *, user: User | None, **save_kwargs):
    """Validate every field and constraint, then save with the acting user in history."""
    instance.full_clean()
    instance._history_user = user
    instance.save(**save_kwargs)
    return instance


def placement_check(
    *, kind: str, parent: Organization | None, organization: Organization | None = None
) -> None:
    """Refuse a place in the tree that breaks the rules of notice §3's hierarchy."""
    moving = organization is not None and organization.pk is not None
    if parent is None:
        if kind != OrganizationKind.COUNTY:
            raise ValidationError(_("只有县委可以作为组织树的根，其他组织必须指定上级组织。"))
        roots = Organization.objects.filter(depth=1)
        if moving:
            roots = roots.exclude(pk=organization.pk)
        if roots.exists():
            raise ValidationError(_("组织树只能有一个县委。"))
        return
    if moving and parent.path.startswith(organization.path):
        raise ValidationError(_("不能把组织移到它自己或它的下级组织之下。"))
    if parent.kind not in ALLOWED_PARENT_KINDS[kind]:
        raise ValidationError(
            _("“%(kind)s”不能设在“%(parent_kind)s”之下。")
            % {
                "kind": OrganizationKind(kind).label,
                "parent_kind": OrganizationKind(parent.kind).label,
            }
        )
    if moving:
        child_kinds = set(
            Organization.objects.children_of(organization).values_list("kind", flat=True)
        )
        for child_kind in child_kinds:
            if kind not in ALLOWED_PARENT_KINDS[child_kind]:
                raise ValidationError(
                    _("该组织下设有“%(child_kind)s”，不能改为“%(kind)s”。")
                    % {
                        "child_kind": OrganizationKind(child_kind).label,
                        "kind": OrganizationKind(kind).label,
                    }
                )


def township_for(organization: Organization, _known: dict | None = None) -> Organization | None:
    """The level-two township committee an organization belongs to, if any."""
    if organization.depth == 1:
        return None
    if organization.is_township:
        return organization
    known = {} if _known is None else _known
    top_path = organization.path[: 2 * Organization.steplen]
    if top_path not in known:
        top = Organization.objects.filter(path=top_path).first()
        known[top_path] = top if top is not None and top.is_township else None
    return known[top_path]


def subtree_sync_township(*, organization: Organization, user: User | None = None) -> int:
    """Keep the copied township in step with the tree after a node is added or moved.

    Saves each node whose township changed, one by one, so history records it.
    Returns how many nodes changed.
    """
    changed = 0
    known = {}
    for node in Organization.objects.filter(path__startswith=organization.path):
        expected = township_for(node, known)
        if node.township_id != (expected.pk if expected else None):
            node.township = expected
            node._history_user = user
            node.save(update_fields=["township", "updated_at"])
            changed += 1
    if changed:
        _sync_township_copies(root=organization, user=user)
    return changed


def _sync_township_copies(*, root: Organization, user: User | None) -> None:
    """Re-save every record of the other apps that hangs under a moved subtree.

    The models are found through the app registry, so this app imports none of them.
    """
    for model in apps.get_models():
        if not issubclass(model, TownshipCopyModel):
            continue
        lookup = model.township_source.replace(".", "__")
        records = model.objects.filter(**{f"{lookup}__path__startswith": root.path})
        for record in records.select_related(lookup):
            if record.township_id != record.source_organization().township_id:
                record._history_user = user
                record.save()


@transaction.atomic
def organization_create(
    *, parent: Organization | None, user: User | None = None, **fields
) -> Organization:
    """Add an organization under `parent` (None only for the county committee)."""
    if parent is not None:
        # Lock the parent: two children added at once must not get the same path.
        parent = Organization.objects.select_for_update().get(pk=parent.pk)
    organization = Organization(**fields)
    placement_check(kind=organization.kind, parent=parent)
    organization.township = parent.township if parent is not None else None
    organization.full_clean(exclude=["path", "depth", "numchild"])
    organization._history_user = user
    if parent is None:
        organization = Organization.objects.add_root(instance=organization)
    else:
        organization = Organization.objects.add_child(parent, instance=organization)
    if organization.is_township:
        organization.township = organization
        organization._history_user = user
        organization.save(update_fields=["township", "updated_at"])
    return organization


@transaction.atomic
def organization_move(
    *, organization: Organization, parent: Organization, user: User | None = None
) -> Organization:
    """Move an organization (with everything beneath it) under another parent."""
    placement_check(kind=organization.kind, parent=parent, organization=organization)
    old_parent = Organization.objects.get_parent(organization)
    Organization.objects.move(organization, parent, pos="last-child")
    organization.refresh_from_db()
    organization.township = township_for(organization)
    organization._history_user = user
    organization._change_reason = _("从“%(old)s”移至“%(new)s”之下") % {
        "old": old_parent,
        "new": parent,
    }
    organization.save()
    subtree_sync_township(organization=organization, user=user)
    organization.refresh_from_db()
    return organization


@transaction.atomic
def organization_update_contact(
    *,
    organization: Organization,
    user: User,
    secretary_name: str,
    contact_phone: str,
    households_covered: int,
) -> Organization:
    """Keep an organization's secretary, phone and households up to date (a branch
    secretary only their own organization's: `Action.ORGANIZATION_EDIT`)."""
    require(user, Action.ORGANIZATION_EDIT, organization)
    organization.secretary_name = secretary_name
    organization.contact_phone = contact_phone
    organization.households_covered = households_covered
    organization.full_clean()
    organization._history_user = user
    organization.save()
    return organization


def _temporary_branch_code(parent: Organization) -> str:
    siblings = Organization.objects.children_of(parent)
    number = 1 + siblings.filter(kind=OrganizationKind.TEMPORARY_BRANCH).count()
    while True:
        code = f"{parent.code}-T{number:02d}"
        if not Organization.objects.filter(code=code).exists():
            return code
        number += 1


# The party committees that approve a temporary branch and designate its secretary.
APPROVING_KINDS = frozenset(
    {
        OrganizationKind.COUNTY,
        *TOWNSHIP_KINDS,
        OrganizationKind.COUNTY_ORGAN,
        OrganizationKind.COMMITTEE,
    }
)


def approving_organizations(parent: Organization) -> list[Organization]:
    """Who may approve a temporary branch under `parent`: the parent itself or an
    organization above it that is a party committee (a township, a county organ, the
    county), nearest first. 《中国共产党支部工作条例（试行）》: 临时党支部由批准其成立的
    党组织领导, which also designates its secretary."""
    steps = range(Organization.steplen, len(parent.path) + 1, Organization.steplen)
    lineage = Organization.objects.filter(path__in=[parent.path[:end] for end in steps])
    return sorted(
        (org for org in lineage if org.kind in APPROVING_KINDS),
        key=lambda org: -org.depth,
    )


def _approval_check(
    *,
    user: User,
    parent: Organization,
    approved_by: Organization | None,
    approved_on: datetime.date,
    designated_secretary,
    established_on: datetime.date,
) -> dict:
    errors = {}
    if approved_by is None or approved_by.pk not in {
        org.pk for org in approving_organizations(parent)
    }:
        errors["approved_by"] = _(
            "批准成立的党组织应为“%(parent)s”或其上级党委（乡镇党委、街道党工委、县直单位党委、县委）。"
        ) % {"parent": parent}
    if approved_on > timezone.localdate():
        errors["approved_on"] = _("批准日期不能晚于今天。")
    elif approved_on > established_on:
        errors["approved_on"] = _("批准日期不能晚于成立日期。")
    if designated_secretary is not None:
        members = type(designated_secretary).objects.visible_to(user)
        if not members.filter(pk=designated_secretary.pk, is_active=True).exists():
            errors["designated_secretary"] = _(
                "“%(name)s”不在您管辖范围内的在册党员中，不能指定为书记。"
            ) % {"name": designated_secretary}
    return errors


@transaction.atomic
def temporary_branch_open(
    *,
    parent: Organization,
    user: User,
    name: str,
    sector: str,
    secretary_name: str = "",
    contact_phone: str = "",
    households_covered: int = 0,
    established_on: datetime.date | None = None,
    approved_by: Organization | None = None,
    approved_on: datetime.date | None = None,
    approval_document: str = "",
    designated_secretary=None,
) -> Organization:
    """Set up a temporary branch on the front line; the code is made by the system.

    It records who approved it (the parent or a committee above it; by default the
    opener's own organization, else the nearest committee above) and the secretary that
    organization designated: a member in the user's scope (whose name becomes the
    branch's secretary) or, for someone not on our rolls, a name. One of the two is
    required: a branch is set up by designating who leads it (《中国共产党支部工作条例
    （试行）》 on temporary branches: the organization that sets one up designates its
    secretary)."""
    require(user, Action.TEMPORARY_BRANCH_OPEN, parent)
    established_on = established_on or timezone.localdate()
    if established_on > timezone.localdate():
        raise ValidationError({"established_on": _("成立日期不能晚于今天。")})
    if approved_by is None:
        approving = approving_organizations(parent)
        own = [org for org in approving if org.pk == user.organization_id]
        approved_by = (own or approving or [None])[0]
    approved_on = approved_on or established_on
    if designated_secretary is not None:
        secretary_name = designated_secretary.name
    secretary_name = (secretary_name or "").strip()
    errors = _approval_check(
        user=user,
        parent=parent,
        approved_by=approved_by,
        approved_on=approved_on,
        designated_secretary=designated_secretary,
        established_on=established_on,
    )
    if not secretary_name:
        errors["secretary_name"] = _("请指定临时党支部书记：从党员中选择，或填写姓名。")
    if errors:
        raise ValidationError(errors)
    # Lock the parent before numbering: a double tap then opens T01 and T02 as two taps
    # a minute apart would, instead of both taking T01 and one being refused.
    parent = Organization.objects.select_for_update().get(pk=parent.pk)
    return organization_create(
        parent=parent,
        user=user,
        name=name,
        code=_temporary_branch_code(parent),
        kind=OrganizationKind.TEMPORARY_BRANCH,
        sector=sector,
        secretary_name=secretary_name,
        contact_phone=contact_phone,
        households_covered=households_covered,
        established_on=established_on,
        established_by=user,
        approved_by=approved_by,
        approved_on=approved_on,
        approval_document=approval_document.strip(),
        designated_secretary=designated_secretary,
    )


@transaction.atomic
def temporary_branch_close(
    *, branch: Organization, user: User, closed_on: datetime.date | None = None
) -> Organization:
    """Close a temporary branch when its front-line task ends; its records stay.

    Its open posts end and its roster leaves on the closing date (the apps that keep them
    answer `organization_closed`), so nobody is left on duty in a branch that is gone."""
    branch = Organization.objects.select_for_update().get(pk=branch.pk)
    require(user, Action.TEMPORARY_BRANCH_CLOSE, branch)
    if branch.closed_on is not None:
        raise ValidationError(_("该临时党支部已于 %(date)s 撤销。") % {"date": branch.closed_on})
    closed_on = closed_on or timezone.localdate()
    if closed_on > timezone.localdate():
        raise ValidationError(_("撤销日期不能晚于今天。"))
    if branch.established_on and closed_on < branch.established_on:
        raise ValidationError(_("撤销日期不能早于成立日期。"))
    branch.closed_on = closed_on
    branch.is_active = False
    branch.full_clean()
    branch._history_user = user
    branch.save()
    organization_closed.send(
        sender=Organization, organization=branch, closed_on=closed_on, user=user
    )
    return branch
