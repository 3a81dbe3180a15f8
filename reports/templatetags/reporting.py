"""What the reports menu may offer, asked of the policy table (organizations/policy.py)."""

from django import template

from organizations.policy import Action, may

register = template.Library()


@register.filter
def may_file(user) -> bool:
    """`{% if user|may_file %}`: `reports.report.file` for the user's own organization.

    Asked by the menu and the home page of one request: answered once per request's user."""
    if not hasattr(user, "_may_file"):
        user._may_file = may(user, Action.REPORT_FILE)
    return user._may_file
