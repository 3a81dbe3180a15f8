"""Cadres and their 一线表现档案 (also a leadership team's), on screen and printed."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from organizations.choices import TOWNSHIP_KINDS
from organizations.history import history_entries
from organizations.models import Organization
from organizations.policy import Action, PolicyRequiredMixin
from organizations.viewmixins import OptimisticLockMixin, ScopedListView, ServiceFormView

from .. import services
from ..filters import CadreFilter
from ..forms import CadreForm
from ..models import Cadre
from ..selectors import subject_file


class CadreListView(ScopedListView):
    model = Cadre
    sort_fields = {
        "name": "name",
        "organization": "organization__path",
        "category": "category__position",
    }
    filterset_class = CadreFilter
    select_related = ("organization", "category")
    template_name = "cadres/cadre_list.html"
    export_title = _("干部名册")
    export_columns = [
        ("姓名", lambda r: r.name),
        ("职务", lambda r: r.post_title),
        ("所在单位", lambda r: r.organization.name),
        ("类别", lambda r: r.category.name),
        ("出生年份", lambda r: r.birth_year),
        ("手机号码", lambda r: r.masked_phone),
        ("在职", lambda r: "是" if r.is_active else "否"),
    ]


class CadreDetailView(DetailView):
    """A cadre's 一线表现档案; `?print=1` gives the printable file."""

    context_object_name = "cadre"

    def get_queryset(self):
        return Cadre.objects.visible_to(self.request.user).select_related(
            "organization", "category"
        )

    def get_template_names(self):
        if self.request.GET.get("print"):
            return ["cadres/subject_file_print.html"]
        return ["cadres/subject_file.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **subject_file(self.object, printed=bool(self.request.GET.get("print"))),
            history=history_entries(self.object),
            **kwargs,
        )


class TeamDetailView(DetailView):
    """A township's leadership team as a subject in its own right."""

    context_object_name = "team"

    def get_queryset(self):
        return Organization.objects.visible_to(self.request.user).filter(kind__in=TOWNSHIP_KINDS)

    def get_template_names(self):
        if self.request.GET.get("print"):
            return ["cadres/subject_file_print.html"]
        return ["cadres/subject_file.html"]

    def get_context_data(self, **kwargs):
        printed = bool(self.request.GET.get("print"))
        return super().get_context_data(**subject_file(self.object, printed=printed), **kwargs)


class CadreCreateView(PolicyRequiredMixin, ServiceFormView):
    action = Action.CADRE_EDIT
    form_class = CadreForm
    title = _("登记干部")
    success_message = _("已登记干部“%(object)s”。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return services.cadre_create(user=self.request.user, **form.cleaned_data)


class CadreUpdateView(PolicyRequiredMixin, OptimisticLockMixin, ServiceFormView):
    action = Action.CADRE_EDIT
    form_class = CadreForm
    title = _("修改干部信息")
    success_message = _("已保存“%(object)s”。")

    def dispatch(self, request, *args, **kwargs):
        self.cadre = get_object_or_404(Cadre.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def policy_object(self):
        return self.cadre

    def edited_object(self):
        return self.cadre

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.cadre}

    def perform(self, form):
        cadre = Cadre.objects.get(pk=self.cadre.pk)
        return services.cadre_update(cadre=cadre, user=self.request.user, **form.cleaned_data)
