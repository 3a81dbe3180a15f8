"""Pieces every app's views share: write access and showing a service's refusal."""

from django.core.exceptions import PermissionDenied, ValidationError


class WriteAccessMixin:
    """Views that change data: leaders (read-only) and accounts without a role get 403.

    Out-of-scope objects are still fetched through `visible_to`, so they give 404 first
    for users who may write.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.may_write:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names, or on top of the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
