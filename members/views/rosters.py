"""The roster of a temporary branch, shown on the branch's own page (templatetags/rosters.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import View

from organizations.models import Organization
from organizations.viewmixins import WriteAccessMixin

from .. import services
from ..forms import RosterAddForm
from ..models import Member, RosterEntry

# A township has thousands of members: the picker lists this many matches of a name search.
ROSTER_CHOICES_LIMIT = 30


def roster_candidates(*, branch: Organization, user, query: str = ""):
    """Members of the user's scope who may join the branch's roster (not already on it)."""
    members = (
        Member.objects.visible_to(user)
        .filter(is_active=True)
        .exclude(roster_entries__in=RosterEntry.objects.active().filter(organization=branch))
        .select_related("organization")
        .order_by("name", "pk")
    )
    # The query comes straight from the address; PostgreSQL refuses a NUL in any string.
    query = query.replace("\x00", "").strip()
    if query:
        members = members.filter(name__icontains=query)
    return members


def roster_choices(*, branch: Organization, user, query: str = ""):
    """The first ROSTER_CHOICES_LIMIT candidates matching `query`, for the picker, and
    whether there are more (then the page asks for a name)."""
    members = roster_candidates(branch=branch, user=user, query=query)
    shown = list(members.values_list("pk", flat=True)[: ROSTER_CHOICES_LIMIT + 1])
    return members.filter(pk__in=shown[:ROSTER_CHOICES_LIMIT]), len(shown) > ROSTER_CHOICES_LIMIT


def _scoped_branch(request, pk) -> Organization:
    return get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)


class RosterAddView(WriteAccessMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        branch = _scoped_branch(request, pk)
        form = RosterAddForm(
            request.POST, members=roster_candidates(branch=branch, user=request.user)
        )
        if not form.is_valid():
            messages.error(request, _("未加入：") + " ".join(_form_messages(form)))
            return redirect(branch)
        try:
            entry = services.roster_add(branch=branch, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _("未加入：") + " ".join(error.messages))
        else:
            messages.success(
                request, _("%(name)s 已加入本临时党支部名册。") % {"name": entry.member.name}
            )
        return redirect(branch)


def _form_messages(form) -> list[str]:
    return [
        f"{form.fields[field].label if field in form.fields else ''}：{message}"
        for field, errors in form.errors.items()
        for message in errors
    ]


class RosterRemoveView(WriteAccessMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        entry = get_object_or_404(
            RosterEntry.objects.visible_to(request.user).select_related("member", "organization"),
            pk=pk,
        )
        try:
            services.roster_remove(entry=entry, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(name)s 已离开本临时党支部。") % {"name": entry.member.name}
            )
        return redirect(entry.organization)
