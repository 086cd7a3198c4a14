from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "rukun.web.interventions"
    label = "interventions"
    default_auto_field = "django.db.models.BigAutoField"
