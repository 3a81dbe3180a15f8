"""What the reports menu may offer: the views' own rules, asked from templates."""

from django import template

from reports import services

register = template.Library()


@register.filter
def may_file(user) -> bool:
    """`{% if user|may_file %}`: the user's organization reports and the role files."""
    return services.may_file(user)
