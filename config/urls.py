from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from organizations import twofactor_views
from organizations.views import HomeView

admin.site.site_header = _("战斗堡垒 · 系统管理")
admin.site.site_title = _("战斗堡垒")
admin.site.index_title = _("组织体系与账号维护")

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/two-factor/", twofactor_views.TwoFactorView.as_view(), name="two_factor"),
    path(
        "accounts/two-factor/verify/",
        twofactor_views.TwoFactorVerifyView.as_view(),
        name="two_factor_verify",
    ),
    path(
        "accounts/two-factor/setup/",
        twofactor_views.TwoFactorSetupView.as_view(),
        name="two_factor_setup",
    ),
    path(
        "accounts/two-factor/codes/",
        twofactor_views.TwoFactorCodesView.as_view(),
        name="two_factor_codes",
    ),
    path("organizations/", include("organizations.urls")),
    path("members/", include("members.urls")),
    path("cadres/", include("cadres.urls")),
    path("funds/", include("funds.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
