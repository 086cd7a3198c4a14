from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "rukun.web.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rukun.web.audit import signals  # noqa: F401 — connects the receivers
