from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "rukun.web.front"
    label = "front"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rukun.web import checks  # noqa: F401 — registers the system checks
