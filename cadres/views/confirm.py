"""Confirmation pages: an irreversible step is read before it is taken.

Each page is a GET that names the subject, the step and the records it rests on, and holds
the step's form; the form posts to the step's own POST-only view, which does the work.
"""

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from organizations.choices import Role
from organizations.viewmixins import RoleRequiredMixin


class ConfirmPageView(RoleRequiredMixin, TemplateView):
    """Subclasses give `queryset(user)` (the scope) and `confirmation()` (the page's words).

    `confirmation()` returns a dict with `title`, `consequence`, `records`, `form`,
    `action_url`, `submit_label`; `form` is None with a `refusal` when the step cannot be
    taken now.
    """

    allowed_roles = (Role.COUNTY_STAFF,)
    http_method_names = ["get"]
    template_name = "cadres/confirm.html"

    def queryset(self, user):
        raise NotImplementedError

    def confirmation(self, form=None) -> dict:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        # A read-only page: 405 to POST before anything is looked up; then scope (404),
        # then role (403).
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        self.object = get_object_or_404(self.queryset(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None)
        return super().get_context_data(
            object=self.object, back_url=self.object.get_absolute_url(), **self.confirmation(form)
        )
