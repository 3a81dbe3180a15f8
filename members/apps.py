from django.apps import AppConfig


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = "党员"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)
