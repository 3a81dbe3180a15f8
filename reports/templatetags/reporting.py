"""What the reports menu may offer: the views' own rules, asked from templates."""

from django import template

from reports import services

register = template.Library()


@register.filter
def may_file(user) -> bool:
    """`{% if user|may_file %}`: the user's organization reports and the role files.

    Asked by the menu and the home page of one request: answered once per request's user."""
    if not hasattr(user, "_may_file"):
        user._may_file = services.may_file(user)
    return user._may_file
