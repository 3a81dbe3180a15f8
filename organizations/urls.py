from django.urls import path

from . import jobviews, reveals, views
from .imports.organizations import OrganizationImporter
from .importviews import import_urls

app_name = "organizations"

urlpatterns = [
    path("", views.OrganizationListView.as_view(), name="organization_list"),
    path("<int:pk>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("reveals/", reveals.RevealListView.as_view(), name="reveal_list"),
    path("jobs/", jobviews.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", jobviews.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/download/", jobviews.JobDownloadView.as_view(), name="job_download"),
    path("<int:pk>/edit/", views.OrganizationUpdateView.as_view(), name="organization_update"),
    path(
        "<int:pk>/temporary-branches/new/",
        views.TemporaryBranchCreateView.as_view(),
        name="temporary_branch_create",
    ),
    path(
        "<int:pk>/close/confirm/",
        views.TemporaryBranchCloseConfirmView.as_view(),
        name="temporary_branch_close_confirm",
    ),
    path(
        "<int:pk>/close/",
        views.TemporaryBranchCloseView.as_view(),
        name="temporary_branch_close",
    ),
    *import_urls(
        "", "organization_import", OrganizationImporter, "organizations:organization_list"
    ),
]
