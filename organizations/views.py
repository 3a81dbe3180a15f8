from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView, View

from . import selectors, services
from .forms import (
    OrganizationContactForm,
    OrganizationSearchForm,
    TemporaryBranchCloseForm,
    TemporaryBranchForm,
)
from .history import history_entries
from .models import Organization
from .policy import Action, PolicyRequiredMixin, require
from .signals import closing_notes
from .viewmixins import ForgivingPaginationMixin, OptimisticLockMixin, ServiceFormView


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            scope_root=selectors.scope_root(user=user),
            kind_counts=selectors.kind_counts(user=user),
            **kwargs,
        )


class OrganizationListView(ForgivingPaginationMixin, ListView):
    """The tree from the user's scope root down, or a flat search of the scope."""

    template_name = "organizations/organization_list.html"
    context_object_name = "organizations"
    paginate_by = settings.PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.search = OrganizationSearchForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.search.is_searching:
            return Organization.objects.none()
        return selectors.organization_search(
            user=self.request.user,
            query=self.search.cleaned_data["q"],
            kind=self.search.cleaned_data["kind"],
            sector=self.search.cleaned_data["sector"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(search=self.search, **kwargs)
        if not self.search.is_searching:
            root = selectors.scope_root(user=self.request.user)
            context["root"] = root
            if root is not None:
                # The list's own pagination serves the search; the tree pages its children.
                page, context["children"] = selectors.children_page(
                    parent=root, user=self.request.user, number=self.request.GET.get("page")
                )
                context.update(
                    page_obj=page, paginator=page.paginator, is_paginated=page.has_other_pages()
                )
        return context


def _scoped_organization(request, pk):
    return get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)


class OrganizationDetailView(DetailView):
    template_name = "organizations/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        return Organization.objects.visible_to(self.request.user).select_related(
            "township", "established_by", "approved_by", "designated_secretary"
        )

    def get_context_data(self, **kwargs):
        organization = self.object
        user = self.request.user
        page, children = selectors.children_page(
            parent=organization, user=user, number=self.request.GET.get("page")
        )
        return super().get_context_data(
            ancestors=selectors.visible_ancestors(organization=organization, user=user),
            children=children,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            staff=selectors.staff_of(organization=organization, user=user),
            history=history_entries(organization),
            close_form=TemporaryBranchCloseForm() if organization.is_temporary else None,
            **kwargs,
        )


class OrganizationUpdateView(PolicyRequiredMixin, OptimisticLockMixin, ServiceFormView):
    action = Action.ORGANIZATION_EDIT
    template_name = "organizations/organization_form.html"
    form_class = OrganizationContactForm
    success_message = gettext_lazy("已保存“%(object)s”的联系信息。")

    def dispatch(self, request, *args, **kwargs):
        self.organization = _scoped_organization(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def policy_object(self):
        return self.organization

    def edited_object(self):
        return self.organization

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.organization}

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.organization, **kwargs)

    def perform(self, form):
        return services.organization_update_contact(
            organization=Organization.objects.get(pk=self.organization.pk),
            user=self.request.user,
            **form.cleaned_data,
        )


class TemporaryBranchCreateView(PolicyRequiredMixin, ServiceFormView):
    """Set up a temporary branch on the front line in a few seconds, with who approved it
    and the secretary they designated."""

    action = Action.TEMPORARY_BRANCH_OPEN
    template_name = "organizations/temporary_branch_form.html"
    form_class = TemporaryBranchForm
    success_message = gettext_lazy("已成立“%(object)s”。")

    def dispatch(self, request, *args, **kwargs):
        self.parent = _scoped_organization(request, kwargs["pk"])
        self.approving = services.approving_organizations(self.parent)
        return super().dispatch(request, *args, **kwargs)

    def policy_object(self):
        return self.parent

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "approving": self.approving,
            "members": selectors.secretary_choices(parent=self.parent, user=self.request.user),
        }

    def get_initial(self):
        own = [org for org in self.approving if org.pk == self.request.user.organization_id]
        default = (own or self.approving or [None])[0]
        return {**super().get_initial(), "sector": self.parent.sector, "approved_by": default}

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.parent, **kwargs)

    def perform(self, form):
        return services.temporary_branch_open(
            parent=self.parent, user=self.request.user, **form.cleaned_data
        )


class TemporaryBranchCloseConfirmView(PolicyRequiredMixin, TemplateView):
    """What dissolving will do, before it is done: the posts that end, the roster that
    leaves, the money still held (each app answers `organization_closing`).

    The role is asked before the method (a POST here is 405), the branch after it is
    fetched in scope (404 first)."""

    action = Action.TEMPORARY_BRANCH_CLOSE
    template_name = "organizations/temporary_branch_close_confirm.html"
    http_method_names = ["get"]

    def get(self, request, pk):
        branch = _scoped_organization(request, pk)
        require(request.user, self.action, branch)
        if not branch.is_open:
            messages.error(request, _("只有运行中的临时党支部可以撤销。"))
            return redirect(branch)
        closed_on = timezone.localdate()
        if request.GET:
            form = TemporaryBranchCloseForm(request.GET)
            if not form.is_valid():
                messages.error(request, _("请填写正确的撤销日期。"))
                return redirect(branch)
            closed_on = form.cleaned_data["closed_on"]
        notes = closing_notes(organization=branch, closed_on=closed_on)
        return self.render_to_response(
            self.get_context_data(
                organization=branch,
                closed_on=closed_on,
                notes=[note for note in notes if not note.warning],
                warnings=[note for note in notes if note.warning],
            )
        )


class TemporaryBranchCloseView(PolicyRequiredMixin, View):
    action = Action.TEMPORARY_BRANCH_CLOSE
    http_method_names = ["post"]

    def post(self, request, pk):
        branch = _scoped_organization(request, pk)
        require(request.user, self.action, branch)
        form = TemporaryBranchCloseForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请填写正确的撤销日期。"))
            return redirect(branch)
        try:
            services.temporary_branch_close(
                branch=branch, user=request.user, closed_on=form.cleaned_data["closed_on"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(branch)
        messages.success(request, _("已撤销“%(name)s”。") % {"name": branch})
        return redirect(branch)
