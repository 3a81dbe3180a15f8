from django.urls import path

from . import views
from .dashboard_views import DashboardView

app_name = "reports"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="report_list"),
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("file/", views.ReportFileView.as_view(), name="report_file"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("photos/<int:pk>/", views.PhotoView.as_view(), name="photo"),
    path("completeness/", views.CompletenessView.as_view(), name="completeness"),
    path("burden/", views.BurdenView.as_view(), name="burden"),
    path("cadence/", views.CadenceView.as_view(), name="cadence"),
    path("needs/", views.NeedListView.as_view(), name="need_list"),
    path("needs/<int:pk>/", views.NeedDetailView.as_view(), name="need_detail"),
    path("needs/<int:pk>/answer/", views.NeedAnswerView.as_view(), name="need_answer"),
    path("needs/<int:pk>/reopen/", views.NeedReopenView.as_view(), name="need_reopen"),
    path("directives/", views.DirectiveListView.as_view(), name="directive_list"),
    path("directives/new/", views.DirectiveCreateView.as_view(), name="directive_create"),
    path("directives/<int:pk>/", views.DirectiveDetailView.as_view(), name="directive_detail"),
    path(
        "directives/<int:pk>/acknowledge/",
        views.DirectiveAcknowledgeView.as_view(),
        name="directive_acknowledge",
    ),
]
