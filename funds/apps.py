from django.apps import AppConfig


class FundsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "funds"
    verbose_name = "专项党费"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)
