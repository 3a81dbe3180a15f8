from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView, View

from organizations import autocomplete
from organizations.exports import display
from organizations.history import history_entries
from organizations.viewmixins import (
    OptimisticLockMixin,
    ScopedListView,
    ServiceFormView,
    WriteAccessMixin,
    add_service_errors,
)

from .. import services
from ..filters import PostFilter
from ..forms import PostAssignForm, PostForm
from ..models import Member, Post, PostAssignment, RosterEntry


def candidates_for(post: Post, user):
    """Members who may stand on a post: those of its organization's subtree and those who
    have reported there (报到), as far as the user may see them, and those on the roster of
    a temporary branch (whose members all keep their home branch elsewhere)."""
    own = Member.objects.visible_to(user).filter(
        Q(organization__path__startswith=post.organization.path)
        | Q(registrations__organization=post.organization)
    )
    roster = RosterEntry.objects.active().filter(organization=post.organization)
    return (
        Member.objects.filter(is_active=True)
        .filter(Q(pk__in=own.values("pk")) | Q(pk__in=roster.values("member")))
        .exclude(assignments__post=post)
        .select_related("organization")
        .order_by("name")
    )


class PostListView(ScopedListView):
    model = Post
    sort_fields = {
        "name": "name",
        "kind": "kind",
        "organization": "organization__path",
        "period": "starts_on",
    }
    filterset_class = PostFilter
    select_related = ("organization",)
    template_name = "members/post_list.html"
    export_title = gettext_lazy("党员岗区")
    export_columns = [
        ("名称", lambda r: r.name),
        ("类别", display("kind")),
        ("设岗组织", lambda r: r.organization.name),
        ("地点", lambda r: r.place),
        ("覆盖户数", lambda r: r.households_covered),
        ("开始日期", lambda r: r.starts_on),
        ("结束日期", lambda r: r.ends_on),
    ]


class PostDetailView(DetailView):
    template_name = "members/post_detail.html"
    context_object_name = "post"

    def get_queryset(self):
        return Post.objects.visible_to(self.request.user).select_related("organization")

    def get_context_data(self, **kwargs):
        post = self.object
        user = self.request.user
        context = {
            "assignments": post.assignments.select_related("member", "member__organization"),
            "history": history_entries(post),
            "today": timezone.localdate(),
        }
        if user.may_write:
            context["assign_form"] = kwargs.pop("assign_form", None) or PostAssignForm(
                post=post, members=candidates_for(post, user)
            )
        return super().get_context_data(**context, **kwargs)


class PostPlacardView(DetailView):
    """An A4/A5 placard for the post: who stands here and how to reach them (亮明身份)."""

    template_name = "members/post_placard.html"
    context_object_name = "post"

    def get_queryset(self):
        return Post.objects.visible_to(self.request.user).select_related("organization")

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        on_duty = (
            self.object.assignments.filter(starts_on__lte=today)
            .exclude(ends_on__lt=today)
            .select_related("member")
        )
        return super().get_context_data(
            on_duty=on_duty, size=self.request.GET.get("size"), **kwargs
        )


class PostCreateView(ServiceFormView):
    title = gettext_lazy("设立党员岗区")
    form_class = PostForm
    success_message = gettext_lazy("已设立“%(object)s”。")

    def get_initial(self):
        """`?organization=<pk>` from an organization's page (e.g. a temporary branch)."""
        value = self.request.GET.get("organization", "")
        if value.isascii() and value.isdigit() and len(value) <= 18:
            return {**super().get_initial(), "organization": int(value)}
        return super().get_initial()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        return services.post_create(user=self.request.user, **form.cleaned_data)


class PostUpdateView(OptimisticLockMixin, ServiceFormView):
    title = gettext_lazy("修改岗区")
    form_class = PostForm
    success_message = gettext_lazy("已保存“%(object)s”。")

    def dispatch(self, request, *args, **kwargs):
        self.post_object = get_object_or_404(Post.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def edited_object(self):
        return self.post_object

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "instance": self.post_object,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(post=self.post_object, **kwargs)

    def perform(self, form):
        post = Post.objects.get(pk=self.post_object.pk)
        return services.post_update(post=post, user=self.request.user, **form.cleaned_data)


class PostAssignView(WriteAccessMixin, View):
    """Someone takes up the post; a GET answers only the member picker's questions."""

    http_method_names = ["get", "post"]

    def get(self, request, pk):
        if not autocomplete.is_asked(request):
            return self.http_method_not_allowed(request)
        post = get_object_or_404(Post.objects.visible_to(request.user), pk=pk)
        form = PostAssignForm(post=post, members=candidates_for(post, request.user))
        return autocomplete.answer(request, form)

    def post(self, request, pk):
        post = get_object_or_404(Post.objects.visible_to(request.user), pk=pk)
        form = PostAssignForm(request.POST, post=post, members=candidates_for(post, request.user))
        if form.is_valid():
            try:
                services.post_assign(post=post, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("%(name)s 已上岗。") % {"name": form.cleaned_data["member"].name}
                )
                return redirect(post)
        view = PostDetailView()
        view.setup(request, pk=pk)
        view.object = post
        return view.render_to_response(view.get_context_data(object=post, assign_form=form))


class PostUnassignView(WriteAccessMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        assignment = _scoped_assignment(request, pk)
        try:
            services.post_unassign(assignment=assignment, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s 已离岗。") % {"name": assignment.member.name})
        return redirect(assignment.post)


def _scoped_assignment(request, pk) -> PostAssignment:
    visible_posts = Post.objects.visible_to(request.user)
    return get_object_or_404(
        PostAssignment.objects.filter(post__in=visible_posts).select_related("post", "member"),
        pk=pk,
    )


class PostUnassignConfirmView(WriteAccessMixin, TemplateView):
    """Taking someone off a post is final for that post (a member stands on a post once),
    so the page says so before the POST."""

    template_name = "members/post_confirm.html"
    http_method_names = ["get"]

    def get(self, request, pk):
        assignment = _scoped_assignment(request, pk)
        today = timezone.localdate()
        return self.render_to_response(
            self.get_context_data(
                post=assignment.post,
                title=_("%(name)s 离岗") % {"name": assignment.member.name},
                consequences=[
                    _("%(name)s 将于 %(date)s 离开“%(post)s”。")
                    % {
                        "name": assignment.member.name,
                        "date": max(today, assignment.starts_on).isoformat(),
                        "post": assignment.post.name,
                    },
                    _("离岗后不能再安排到本岗区；在岗记录保留。"),
                ],
                action=reverse("members:post_unassign", args=[assignment.pk]),
                button=_("确认离岗"),
            )
        )


class PostEndConfirmView(WriteAccessMixin, TemplateView):
    """Ending a post today: how many members leave with it."""

    template_name = "members/post_confirm.html"
    http_method_names = ["get"]

    def get(self, request, pk):
        post = get_object_or_404(Post.objects.visible_to(request.user), pk=pk)
        today = timezone.localdate()
        on_duty = services.open_assignments(post.assignments.all(), today).count()
        return self.render_to_response(
            self.get_context_data(
                post=post,
                title=_("结束岗区“%(post)s”") % {"post": post.name},
                consequences=[
                    _("岗区将于 %(date)s 结束，%(count)s 名在岗党员随之离岗。")
                    % {"date": today.isoformat(), "count": on_duty},
                    _("结束后不能再安排党员上岗；岗区和在岗记录保留。"),
                ],
                action=reverse("members:post_end", args=[post.pk]),
                button=_("确认结束岗区"),
            )
        )


class PostEndView(WriteAccessMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        post = get_object_or_404(Post.objects.visible_to(request.user), pk=pk)
        try:
            services.post_end(post=post, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已结束“%(post)s”。") % {"post": post.name})
        return redirect(post)
