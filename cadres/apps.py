from django.apps import AppConfig


class CadresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cadres"
    verbose_name = "一线考察干部"
