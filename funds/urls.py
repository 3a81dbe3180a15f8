from django.urls import path

from . import approval_views, views

app_name = "funds"

urlpatterns = [
    path("", views.AppropriationListView.as_view(), name="appropriation_list"),
    path("new/", views.AppropriationCreateView.as_view(), name="appropriation_create"),
    path("<int:pk>/", views.AppropriationDetailView.as_view(), name="appropriation_detail"),
    path("<int:pk>/allocate/", views.AllocationCreateView.as_view(), name="allocation_create"),
    path("allocations/", views.AllocationListView.as_view(), name="allocation_list"),
    path("allocations/<int:pk>/", views.AllocationDetailView.as_view(), name="allocation_detail"),
    path(
        "allocations/<int:pk>/pass-down/",
        views.AllocationPassDownView.as_view(),
        name="allocation_pass_down",
    ),
    path(
        "allocations/<int:pk>/spend/",
        views.ExpenditureCreateView.as_view(),
        name="expenditure_create",
    ),
    path("expenditures/", views.ExpenditureListView.as_view(), name="expenditure_list"),
    path(
        "expenditures/<int:pk>/reverse/",
        views.ExpenditureReverseView.as_view(),
        name="expenditure_reverse",
    ),
    path(
        "expenditures/<int:pk>/voucher/",
        views.VoucherDownloadView.as_view(),
        name="voucher_download",
    ),
    path("notice/<int:pk>/", views.NoticePrintView.as_view(), name="notice_print"),
    path(
        "allocation-requests/<int:pk>/",
        approval_views.AllocationRequestDetailView.as_view(),
        name="allocation_request_detail",
    ),
    path(
        "allocation-requests/<int:pk>/approve/",
        approval_views.AllocationRequestApproveView.as_view(),
        name="allocation_request_approve",
    ),
    path(
        "allocation-requests/<int:pk>/reject/",
        approval_views.AllocationRequestRejectView.as_view(),
        name="allocation_request_reject",
    ),
    path(
        "reversal-requests/<int:pk>/approve/",
        approval_views.ReversalRequestApproveView.as_view(),
        name="reversal_request_approve",
    ),
    path(
        "reversal-requests/<int:pk>/reject/",
        approval_views.ReversalRequestRejectView.as_view(),
        name="reversal_request_reject",
    ),
]
