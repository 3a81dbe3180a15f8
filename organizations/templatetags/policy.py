"""`{% may "app.thing.step" obj as allowed %}`: show a button exactly when the action would
be allowed (organizations/policy.py), asked of the signed-in user."""

from django import template

from ..policy import may as policy_may

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, action: str, obj=None) -> bool:
    return policy_may(context["request"].user, action, obj)
