from django.urls import path

from organizations.importviews import import_urls

from . import views
from .imports import MemberImporter

app_name = "members"

urlpatterns = [
    path("", views.MemberListView.as_view(), name="member_list"),
    path("new/", views.MemberCreateView.as_view(), name="member_create"),
    path("<int:pk>/", views.MemberDetailView.as_view(), name="member_detail"),
    path("<int:pk>/edit/", views.MemberUpdateView.as_view(), name="member_update"),
    path("<int:pk>/reveal/", views.MemberRevealView.as_view(), name="member_reveal"),
    path(
        "<int:pk>/discipline/new/", views.DisciplineCreateView.as_view(), name="discipline_create"
    ),
    path("posts/", views.PostListView.as_view(), name="post_list"),
    path("posts/new/", views.PostCreateView.as_view(), name="post_create"),
    path("posts/<int:pk>/", views.PostDetailView.as_view(), name="post_detail"),
    path("posts/<int:pk>/edit/", views.PostUpdateView.as_view(), name="post_update"),
    path("posts/<int:pk>/placard/", views.PostPlacardView.as_view(), name="post_placard"),
    path("posts/<int:pk>/assign/", views.PostAssignView.as_view(), name="post_assign"),
    path(
        "posts/assignments/<int:pk>/end/",
        views.PostUnassignView.as_view(),
        name="post_unassign",
    ),
    path(
        "posts/assignments/<int:pk>/end/confirm/",
        views.PostUnassignConfirmView.as_view(),
        name="post_unassign_confirm",
    ),
    path("posts/<int:pk>/end/", views.PostEndView.as_view(), name="post_end"),
    path(
        "posts/<int:pk>/end/confirm/", views.PostEndConfirmView.as_view(), name="post_end_confirm"
    ),
    path("rosters/<int:pk>/add/", views.RosterAddView.as_view(), name="roster_add"),
    path("rosters/entries/<int:pk>/end/", views.RosterRemoveView.as_view(), name="roster_remove"),
    path("registrations/", views.RegistrationListView.as_view(), name="registration_list"),
    path("registrations/new/", views.RegistrationCreateView.as_view(), name="registration_create"),
    path(
        "registrations/<int:pk>/",
        views.RegistrationDetailView.as_view(),
        name="registration_detail",
    ),
    path(
        "registrations/<int:pk>/confirm/",
        views.RegistrationConfirmView.as_view(),
        name="registration_confirm",
    ),
    path("activists/", views.ActivistListView.as_view(), name="activist_list"),
    path("activists/new/", views.ActivistCreateView.as_view(), name="activist_create"),
    path("activists/<int:pk>/", views.ActivistDetailView.as_view(), name="activist_detail"),
    path(
        "activists/<int:pk>/advance/", views.ActivistAdvanceView.as_view(), name="activist_advance"
    ),
    path(
        "activists/<int:pk>/step/",
        views.ActivistStepView.as_view(),
        name="activist_step",
    ),
    path("discipline/", views.DisciplineListView.as_view(), name="discipline_list"),
    path("discipline/<int:pk>/", views.DisciplineDetailView.as_view(), name="discipline_detail"),
    path(
        "discipline/<int:pk>/approve/",
        views.DisciplineApproveView.as_view(),
        name="discipline_approve",
    ),
    path("care/", views.CareListView.as_view(), name="care_list"),
    path("care/new/", views.CareCreateView.as_view(), name="care_create"),
    path("care/<int:pk>/", views.CareDetailView.as_view(), name="care_detail"),
    path("care/<int:pk>/resolve/", views.CareResolveView.as_view(), name="care_resolve"),
    *import_urls("", "member_import", MemberImporter, "members:member_list"),
]
