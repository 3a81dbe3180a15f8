from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "organizations"
    verbose_name = "组织体系"

    def ready(self):
        from .adminlocale import translate_third_party_names

        translate_third_party_names()
