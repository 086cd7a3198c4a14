"""Log-ins, log-outs and failed log-ins go into the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from rukun.web.audit.models import AuditEvent


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    from rukun.web.audit.log import record

    record(request, "login", "user", user.pk)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    from rukun.web.audit.log import record

    if user is not None:
        record(request, "logout", "user", user.pk)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    AuditEvent.objects.create(
        actor=str(credentials.get("username", ""))[:160],
        action="login_failed",
        object_type="user",
        ip=(request.META.get("REMOTE_ADDR") if request is not None else None),
        path=(request.path if request is not None else ""),
    )
