from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "rukun.web.front"
    label = "front"
    default_auto_field = "django.db.models.BigAutoField"
