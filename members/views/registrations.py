from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, View

from organizations.exports import display
from organizations.history import history_entries
from organizations.models import Organization
from organizations.viewmixins import ScopedListView, ServiceFormView, WriteAccessMixin

from .. import services
from ..filters import RegistrationFilter
from ..forms import RegistrationForm
from ..models import Registration


class RegistrationListView(ScopedListView):
    model = Registration
    filterset_class = RegistrationFilter
    select_related = ("member", "member__organization", "organization")
    template_name = "members/registration_list.html"
    export_title = gettext_lazy("到属地报到")
    export_columns = [
        ("党员", lambda r: r.member.name),
        ("所在单位", lambda r: r.member.organization.name),
        ("报到组织", lambda r: r.organization.name),
        ("报到岗位", display("role")),
        ("开始日期", lambda r: r.starts_on),
        ("结束日期", lambda r: r.ends_on),
        ("已确认", lambda r: "是" if r.is_confirmed else "否"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        receiving = set(
            Organization.objects.visible_to(self.request.user)
            .filter(pk__in={row.organization_id for row in context["object_list"]})
            .values_list("pk", flat=True)
        )
        context["may_confirm"] = receiving if self.request.user.may_write else set()
        return context


class RegistrationCreateView(ServiceFormView):
    title = gettext_lazy("登记到属地报到")
    form_class = RegistrationForm
    success_message = gettext_lazy("已登记：%(object)s。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        data = form.cleaned_data
        return services.registration_create(
            user=self.request.user,
            member=data["member"],
            organization=data["organization"],
            role=data["role"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )

    def get_success_url_for(self, result):
        return reverse("members:registration_list")


class RegistrationDetailView(DetailView):
    """One 报到, with the receiving side's confirmation saying what it records."""

    template_name = "members/registration_detail.html"
    context_object_name = "registration"

    def get_queryset(self):
        return Registration.objects.visible_to(self.request.user).select_related(
            "member", "member__organization", "organization", "confirmed_by"
        )

    def get_context_data(self, **kwargs):
        registration = self.object
        user = self.request.user
        may_confirm = (
            user.may_write
            and not registration.is_confirmed
            and Organization.objects.visible_to(user)
            .filter(pk=registration.organization_id)
            .exists()
        )
        return super().get_context_data(
            may_confirm=may_confirm, history=history_entries(registration), **kwargs
        )


class RegistrationConfirmView(WriteAccessMixin, View):
    """The receiving organization confirms from the registration's page, which says what is
    confirmed; the sending side may only look."""

    http_method_names = ["post"]

    def post(self, request, pk):
        registration = get_object_or_404(Registration.objects.visible_to(request.user), pk=pk)
        try:
            services.registration_confirm(registration=registration, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已确认 %(name)s 报到。") % {"name": registration.member})
        return redirect("members:registration_list")
