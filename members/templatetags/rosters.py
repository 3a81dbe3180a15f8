"""The roster panel on a temporary branch's page, so `organizations` never imports members."""

from django import template

from ..forms import RosterAddForm
from ..models import RosterEntry
from ..views.rosters import ROSTER_CHOICES_LIMIT, roster_choices

register = template.Library()

SEARCH_FIELD = "roster_q"


@register.inclusion_tag("members/roster_panel.html", takes_context=True)
def roster_panel(context, branch):
    request = context["request"]
    user = request.user
    entries = (
        RosterEntry.objects.visible_to(user)
        .filter(organization=branch)
        .select_related("member", "member__organization")
    )
    panel = {
        "branch": branch,
        "entries": entries,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "search_field": SEARCH_FIELD,
        "limit": ROSTER_CHOICES_LIMIT,
    }
    if user.may_write and branch.is_working:
        query = request.GET.get(SEARCH_FIELD, "")[:30]
        panel["query"] = query
        choices, panel["more"] = roster_choices(branch=branch, user=user, query=query)
        panel["add_form"] = RosterAddForm(members=choices)
    return panel
