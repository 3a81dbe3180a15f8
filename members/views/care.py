from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, View

from organizations.history import history_entries
from organizations.money import yuan
from organizations.viewmixins import (
    ScopedListView,
    ServiceFormView,
    WriteAccessMixin,
    add_service_errors,
    object_from_query_or_404,
)

from .. import services
from ..filters import CareFilter
from ..forms import CareForm, CareResolveForm
from ..models import CareRecord, Member
from .confirm import confirm_step, is_confirmed, is_going_back


class CareListView(ScopedListView):
    model = CareRecord
    filterset_class = CareFilter
    select_related = ("organization", "member")
    template_name = "members/care_list.html"
    export_title = gettext_lazy("关心关爱")
    export_columns = [
        ("姓名", lambda r: r.person_name),
        ("负责组织", lambda r: r.organization.name),
        ("困难", lambda r: r.difficulty),
        ("登记日期", lambda r: r.reported_on),
        ("帮扶措施", lambda r: r.action),
        ("解决日期", lambda r: r.resolved_on),
    ]


class CareDetailView(DetailView):
    template_name = "members/care_detail.html"
    context_object_name = "care"

    def get_queryset(self):
        return CareRecord.objects.visible_to(self.request.user).select_related(
            "organization",
            "member",
            "recorded_by",
            "assignment__post",
            "registration__organization",
        )

    def get_context_data(self, **kwargs):
        form = kwargs.pop("resolve_form", None)
        if form is None and self.object.is_open and self.request.user.may_write:
            form = CareResolveForm(
                initial={"resolved_on": timezone.localdate()},
                spendings=services.care_spendings(self.object, self.request.user),
            )
        return super().get_context_data(
            resolve_form=form, history=history_entries(self.object), **kwargs
        )


class CareCreateView(ServiceFormView):
    """?member=<pk> (from a member's page) fixes the person; otherwise type a name."""

    title = gettext_lazy("登记关心关爱事项")
    form_class = CareForm
    success_message = gettext_lazy("已登记：%(object)s。")

    def dispatch(self, request, *args, **kwargs):
        self.member = None
        if request.GET.get("member"):
            self.member = object_from_query_or_404(
                Member.objects.visible_to(request.user), request.GET["member"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = {**super().get_initial(), "reported_on": timezone.localdate()}
        if self.member:
            initial.update(organization=self.member.organization_id, person_name=self.member.name)
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "member": self.member}

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.member, **kwargs)

    def perform(self, form):
        return services.care_record(user=self.request.user, member=self.member, **form.cleaned_data)

    def get_success_url_for(self, result):
        return reverse("members:care_detail", args=[result.pk])


def paid_statement(spending) -> str:
    if spending is None:
        return ""
    return _("记为由 %(date)s 的专项党费支出 %(amount)s（%(use)s）支付。") % {
        "date": spending.spent_on.isoformat(),
        "amount": yuan(spending.amount),
        "use": spending.get_use_display(),
    }


class CareResolveView(WriteAccessMixin, View):
    """Marking a difficulty solved is said back in words first: it is never reopened."""

    http_method_names = ["post"]

    def post(self, request, pk):
        care = get_object_or_404(CareRecord.objects.visible_to(request.user), pk=pk)
        form = CareResolveForm(request.POST, spendings=services.care_spendings(care, request.user))
        if form.is_valid() and not is_going_back(request):
            try:
                if not is_confirmed(request):
                    services.care_resolve_check(care=care, user=request.user, **form.cleaned_data)
                    return confirm_step(
                        request,
                        form=form,
                        title=_("确认已解决"),
                        statement=_(
                            "将把 %(name)s 的困难“%(difficulty)s”标记为已解决，解决日期 %(date)s。"
                        )
                        % {
                            "name": care.person_name,
                            "difficulty": Truncator(care.difficulty).chars(40),
                            "date": form.cleaned_data["resolved_on"].isoformat(),
                        }
                        + paid_statement(form.cleaned_data.get("paid_by")),
                        confirm_label=_("确认，标记为已解决"),
                    )
                services.care_resolve(care=care, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已标记为解决。"))
                return redirect("members:care_detail", pk=care.pk)
        view = CareDetailView()
        view.setup(request, pk=pk)
        view.object = care
        return view.render_to_response(view.get_context_data(object=care, resolve_form=form))
