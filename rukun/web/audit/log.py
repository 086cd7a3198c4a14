"""Writing the audit trail."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from rukun.web.audit.models import AuditEvent


def actor_of(request: HttpRequest | None, principal: Any = None) -> tuple[Any, str]:
    user = getattr(request, "user", None) if request is not None else None
    if user is not None and user.is_authenticated:
        return user, user.get_username()
    token = getattr(request, "api_token", None) if request is not None else None
    if token is not None:
        return None, f"token:{token.name}"
    if principal is not None:
        return None, str(principal)
    return None, "anonymous"


def record(
    request: HttpRequest | None,
    action: str,
    object_type: str = "",
    object_id: object = "",
    **detail: Any,
) -> AuditEvent:
    """Append one audit row for ``request``'s actor; never raises on missing context."""
    user, actor = actor_of(request)
    meta = request.META if request is not None else {}
    return AuditEvent.objects.create(
        user=user,
        actor=actor[:160],
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:64],
        detail=detail,
        ip=getattr(request, "client_ip", None) or meta.get("REMOTE_ADDR") or None,
        user_agent=str(meta.get("HTTP_USER_AGENT", ""))[:200],
        path=(request.get_full_path()[:300] if request is not None else ""),
    )
