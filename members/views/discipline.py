"""党员处理: the kind chosen first, the case recorded or proposed, the approval from above."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, View

from organizations.exports import display
from organizations.history import history_entries
from organizations.policy import Action, may, require
from organizations.viewmixins import (
    ScopedListView,
    ServiceFormView,
    WriteAccessMixin,
    add_service_errors,
)

from .. import services
from ..choices import (
    ENDS_MEMBERSHIP,
    NEEDS_APPROVAL,
    DisciplineDecision,
    DisciplineKind,
    MemberStatus,
)
from ..filters import DisciplineFilter
from ..forms import DisciplineApproveForm, DisciplineForm
from ..models import DisciplineCase, Member
from .confirm import confirm_step, is_confirmed, is_going_back


class DisciplineListView(ScopedListView):
    model = DisciplineCase
    filterset_class = DisciplineFilter
    select_related = ("member", "member__organization", "deciding_organization")
    template_name = "members/discipline_list.html"
    export_title = gettext_lazy("党员处理")
    export_columns = [
        ("党员", lambda r: r.member.name),
        ("类别", display("kind")),
        ("情形", display("reason")),
        ("处理决定", display("decision")),
        ("作出决定（提请）的组织", lambda r: r.deciding_organization.name),
        ("决定日期", lambda r: r.decided_on),
        ("状态", display("status")),
        ("批准文号", lambda r: r.approval_document),
    ]


def _kinds_for(member: Member) -> list[DisciplineKind]:
    """A probationary member is never given a 党纪处分: only 组织处理 is offered."""
    if member.status == MemberStatus.PROBATIONARY:
        return [DisciplineKind.HANDLING]
    return list(DisciplineKind)


class DisciplineCreateView(ServiceFormView):
    """From the member's page: the kind (党纪处分 or 组织处理) is chosen first, `?kind=`,
    and the form then offers only that kind's measures for this member."""

    form_class = DisciplineForm
    success_message = gettext_lazy("已记录对“%(object)s”的处理。")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.may_write:
            return super().dispatch(request, *args, **kwargs)  # the mixin's 403
        self.member = get_object_or_404(
            Member.objects.visible_to(request.user).select_related("organization"),
            pk=kwargs["pk"],
        )
        require(request.user, Action.DISCIPLINE_PROPOSE, self.member.organization)
        self.kind = request.GET.get("kind", "")
        if self.kind not in _kinds_for(self.member):
            refused = self.kind == DisciplineKind.SANCTION
            return render(
                request,
                "members/discipline_kind.html",
                {
                    "member": self.member,
                    "kinds": _kinds_for(self.member),
                    "refused": refused,
                },
            )
        return super().dispatch(request, *args, **kwargs)

    @property
    def title(self):
        return _("记录%(kind)s") % {"kind": DisciplineKind(self.kind).label}

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "member": self.member,
            "kind": self.kind,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.member, **kwargs)

    def form_valid(self, form):
        if is_going_back(self.request):
            return self.render_to_response(self.get_context_data(form=form))
        if is_confirmed(self.request):
            return super().form_valid(form)
        data = form.cleaned_data
        try:
            services.discipline_check(
                user=self.request.user, member=self.member, kind=self.kind, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        decision = DisciplineDecision(data["decision"])
        if decision in NEEDS_APPROVAL:
            statement = _(
                "将记录%(organization)s于 %(date)s 对 %(name)s（%(branch)s）提请的%(kind)s："
                "%(decision)s。须经上级党委批准后生效。"
            )
        else:
            statement = _(
                "将记录%(organization)s于 %(date)s 对 %(name)s（%(branch)s）作出的%(kind)s决定："
                "%(decision)s，记录后即生效。"
            )
        return confirm_step(
            self.request,
            form=form,
            title=_("确认处理决定"),
            statement=statement
            % {
                "organization": data["deciding_organization"].name,
                "date": data["decided_on"].isoformat(),
                "name": self.member.name,
                "branch": self.member.organization.name,
                "kind": DisciplineKind(self.kind).label,
                "decision": decision.label,
            },
            confirm_label=_("确认，记录处理"),
        )

    def perform(self, form):
        return services.discipline_record(
            user=self.request.user, member=self.member, kind=self.kind, **form.cleaned_data
        )

    def get_success_url_for(self, result):
        return result.get_absolute_url()


class DisciplineDetailView(DetailView):
    """A case, the facts it rests on, its approval (or who may record it), its history."""

    template_name = "members/discipline_detail.html"
    context_object_name = "case"

    def get_queryset(self):
        return DisciplineCase.objects.visible_to(self.request.user).select_related(
            "member",
            "member__organization",
            "deciding_organization",
            "approving_organization",
            "assignment__post",
            "registration__organization",
            "recorded_by",
            "approved_by",
        )

    def get_context_data(self, **kwargs):
        form = kwargs.pop("approve_form", None)
        if form is None and may(self.request.user, Action.DISCIPLINE_APPROVE, self.object):
            form = DisciplineApproveForm(user=self.request.user, case=self.object)
        return super().get_context_data(
            approve_form=form, history=history_entries(self.object), **kwargs
        )


class DisciplineApproveView(WriteAccessMixin, View):
    """The upper committee's approval is said back in words first: the case then takes
    effect, and 开除党籍 or 除名 ends the membership."""

    http_method_names = ["post"]

    def post(self, request, pk):
        case = get_object_or_404(
            DisciplineCase.objects.visible_to(request.user).select_related(
                "member", "deciding_organization"
            ),
            pk=pk,
        )
        require(request.user, Action.DISCIPLINE_APPROVE, case)
        form = DisciplineApproveForm(request.POST, user=request.user, case=case)
        if form.is_valid() and not is_going_back(request):
            try:
                if not is_confirmed(request):
                    services.discipline_approve_check(
                        user=request.user, case=case, **form.cleaned_data
                    )
                    return confirm_step(
                        request,
                        form=form,
                        title=_("确认上级党委批准"),
                        statement=self._statement(case, form.cleaned_data),
                        confirm_label=_("确认，记录批准"),
                    )
                services.discipline_approve(user=request.user, case=case, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已记录批准，处理已生效。"))
                return redirect(case.get_absolute_url())
        view = DisciplineDetailView()
        view.setup(request, pk=pk)
        view.object = case
        return view.render_to_response(view.get_context_data(object=case, approve_form=form))

    @staticmethod
    def _statement(case, data) -> str:
        statement = _(
            "将记录%(approver)s于 %(date)s 以 %(document)s 批准对 %(name)s（%(branch)s）的"
            "%(decision)s，处理随即生效。"
        ) % {
            "approver": data["approving_organization"].name,
            "date": data["approved_on"].isoformat(),
            "document": data["approval_document"],
            "name": case.member.name,
            "branch": case.member.organization.name,
            "decision": case.get_decision_display(),
        }
        if case.decision in ENDS_MEMBERSHIP:
            statement += _("%(name)s 将不再在册。") % {"name": case.member.name}
        return statement
