from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, View

from organizations.choices import RevealReason
from organizations.exports import display
from organizations.history import history_entries
from organizations.reveals import RevealReasonForm
from organizations.viewmixins import (
    OptimisticLockMixin,
    ScopedListView,
    ServiceFormView,
    add_service_errors,
)

from .. import services
from ..filters import MemberFilter
from ..forms import MemberForm
from ..models import Member


class MemberListView(ScopedListView):
    model = Member
    sort_fields = {
        "name": "name",
        "organization": "organization__path",
        "status": "status",
        "category": "category",
    }
    filterset_class = MemberFilter
    select_related = ("organization",)
    template_name = "members/member_list.html"
    export_title = gettext_lazy("党员名册")
    export_columns = [
        ("姓名", lambda r: r.name),
        ("性别", display("gender")),
        ("身份证号码", lambda r: r.masked_id_number),
        ("手机号码", lambda r: r.masked_phone),
        ("民族", lambda r: r.ethnicity),
        ("学历", display("education")),
        ("所在党支部", lambda r: r.organization.name),
        ("党员状态", display("status")),
        ("党员类别", display("category")),
        ("入党日期", lambda r: r.joined_on),
        ("转正日期", lambda r: r.full_member_on),
        ("在册", lambda r: "是" if r.is_active else "否"),
    ]
    export_columns_full = [
        ("姓名", lambda r: r.name),
        ("性别", display("gender")),
        ("身份证号码", lambda r: r.id_number),
        ("手机号码", lambda r: r.phone),
        ("民族", lambda r: r.ethnicity),
        ("学历", display("education")),
        ("所在党支部", lambda r: r.organization.name),
        ("党员状态", display("status")),
        ("党员类别", display("category")),
        ("入党日期", lambda r: r.joined_on),
        ("转正日期", lambda r: r.full_member_on),
        ("在册", lambda r: "是" if r.is_active else "否"),
    ]


class MemberDetailView(DetailView):
    """A member's file; ID number and phone stay masked until a recorded reveal."""

    template_name = "members/member_detail.html"
    context_object_name = "member"
    revealed = False

    def get_queryset(self):
        return Member.objects.visible_to(self.request.user).select_related("organization")

    def get_context_data(self, **kwargs):
        member = self.object
        kwargs.setdefault("reveal_form", RevealReasonForm())
        return super().get_context_data(
            revealed=self.revealed,
            assignments=member.assignments.select_related("post", "post__organization"),
            registrations=member.registrations.select_related("organization"),
            discipline_cases=member.discipline_cases.select_related(
                "deciding_organization", "approving_organization"
            ),
            care_records=member.care_records.all(),
            history=history_entries(member),
            **kwargs,
        )


class MemberRevealView(View):
    """Show the full ID number and phone once, and record who saw them and why.

    Without a valid reason the page comes back with the reason asked for: nothing is shown
    and nothing recorded.
    """

    http_method_names = ["post"]

    def post(self, request, pk):
        member = get_object_or_404(Member.objects.visible_to(request.user), pk=pk)
        if not request.user.may_reveal:
            raise PermissionDenied
        form = RevealReasonForm(request.POST)
        revealed = False
        if form.is_valid():
            try:
                services.personal_data_reveal(
                    subject=member,
                    user=request.user,
                    fields="身份证号码、手机号码",
                    **form.cleaned_data,
                )
                revealed = True
            except ValidationError as error:
                add_service_errors(form, error)
        view = MemberDetailView(revealed=revealed)
        view.setup(request, pk=pk)
        view.object = member
        response = view.render_to_response(view.get_context_data(object=member, reveal_form=form))
        response["Cache-Control"] = "no-store"
        return response


class MemberCreateView(ServiceFormView):
    title = gettext_lazy("登记党员")
    form_class = MemberForm
    success_message = gettext_lazy("已登记党员“%(object)s”。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return services.member_create(user=self.request.user, **form.cleaned_data)


class MemberUpdateView(OptimisticLockMixin, ServiceFormView):
    title = gettext_lazy("修改党员信息")
    form_class = MemberForm
    success_message = gettext_lazy("已保存党员“%(object)s”的信息。")

    def dispatch(self, request, *args, **kwargs):
        self.member = get_object_or_404(Member.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def edited_object(self):
        return self.member

    def get(self, request, *args, **kwargs):
        """The form holds the full ID number and phone: opening it is a reveal, recorded.

        A form sent back with errors shows only what its sender typed, so only opening counts.
        """
        services.personal_data_reveal(
            subject=self.member,
            user=request.user,
            fields="身份证号码、手机号码（打开修改页面）",
            reason=RevealReason.EDIT,
        )
        response = super().get(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.member}

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.member, **kwargs)

    def perform(self, form):
        member = Member.objects.get(pk=self.member.pk)
        return services.member_update(member=member, user=self.request.user, **form.cleaned_data)
