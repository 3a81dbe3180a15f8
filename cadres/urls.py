from django.urls import path

from organizations.importviews import import_urls

from . import views
from .imports import CadreImporter

app_name = "cadres"

urlpatterns = [
    path("", views.CadreListView.as_view(), name="cadre_list"),
    path("new/", views.CadreCreateView.as_view(), name="cadre_create"),
    path("<int:pk>/", views.CadreDetailView.as_view(), name="cadre_detail"),
    path("<int:pk>/edit/", views.CadreUpdateView.as_view(), name="cadre_update"),
    path("<int:pk>/outcomes/new/", views.OutcomeCreateView.as_view(), name="outcome_create"),
    path("teams/<int:pk>/", views.TeamDetailView.as_view(), name="team_detail"),
    path(
        "teams/<int:pk>/outcomes/new/",
        views.OutcomeCreateView.as_view(is_team=True),
        name="team_outcome_create",
    ),
    path("subjects/", views.SubjectSearchView.as_view(), name="subject_search"),
    path("records/", views.RecordListView.as_view(), name="record_list"),
    path("records/new/", views.RecordCreateView.as_view(), name="record_create"),
    path("records/<int:pk>/", views.RecordDetailView.as_view(), name="record_detail"),
    path("records/<int:pk>/review/", views.RecordReviewView.as_view(), name="record_review"),
    path(
        "records/<int:pk>/review/confirm/",
        views.RecordReviewConfirmView.as_view(),
        name="record_review_confirm",
    ),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("outcomes/", views.OutcomeListView.as_view(), name="outcome_list"),
    path("outcomes/<int:pk>/", views.OutcomeDetailView.as_view(), name="outcome_detail"),
    path("outcomes/<int:pk>/step/", views.OutcomeStepView.as_view(), name="outcome_step"),
    path(
        "outcomes/<int:pk>/step/confirm/",
        views.OutcomeStepConfirmView.as_view(),
        name="outcome_step_confirm",
    ),
    path("commendations/", views.CommendationListView.as_view(), name="commendation_list"),
    path("commendations/new/", views.CommendationCreateView.as_view(), name="commendation_create"),
    path(
        "commendations/print/",
        views.CommendationPrintView.as_view(),
        name="commendation_print",
    ),
    path(
        "commendations/<int:pk>/",
        views.CommendationDetailView.as_view(),
        name="commendation_detail",
    ),
    path(
        "commendations/<int:pk>/notice/",
        views.CommendationNoticeView.as_view(),
        name="commendation_notice",
    ),
    path(
        "commendations/<int:pk>/decide/",
        views.CommendationDecideView.as_view(),
        name="commendation_decide",
    ),
    path(
        "commendations/<int:pk>/confirm/",
        views.CommendationStepConfirmView.as_view(),
        name="commendation_step_confirm",
    ),
    path(
        "commendations/<int:pk>/objections/new/",
        views.ObjectionCreateView.as_view(),
        name="objection_create",
    ),
    path(
        "commendations/objections/<int:pk>/resolve/",
        views.ObjectionResolveView.as_view(),
        name="objection_resolve",
    ),
    *import_urls("", "cadre_import", CadreImporter, "cadres:cadre_list"),
]
