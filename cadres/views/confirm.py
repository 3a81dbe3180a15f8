"""Confirmation pages: an irreversible step is read before it is taken.

Each page is a GET that names the subject, the step and the records it rests on, and holds
the step's form; the form posts to the step's own POST-only view, which does the work.
"""

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from organizations.policy import Action, require


class ConfirmPageView(TemplateView):
    """Subclasses give `queryset(user)` (the scope), `policy_action()` (the step's action in
    the policy table) and `confirmation()` (the page's words).

    `confirmation()` returns a dict with `title`, `consequence`, `records`, `form`,
    `action_url`, `submit_label`; `form` is None with a `refusal` when the step cannot be
    taken now.
    """

    http_method_names = ["get"]
    template_name = "cadres/confirm.html"

    def queryset(self, user):
        raise NotImplementedError

    def policy_action(self) -> Action:
        raise NotImplementedError

    def confirmation(self, form=None) -> dict:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        # A read-only page: 405 to POST before anything is looked up; then scope (404),
        # then the policy (403 with the reason).
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        self.object = get_object_or_404(self.queryset(request.user), pk=kwargs["pk"])
        require(request.user, self.policy_action(), self.object)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None)
        return super().get_context_data(
            object=self.object, back_url=self.object.get_absolute_url(), **self.confirmation(form)
        )
