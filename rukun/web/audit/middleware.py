"""Keeps the client address and agent of the current request for audit rows."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


def client_ip(request: HttpRequest) -> str | None:
    # Behind a reverse proxy the operator sets RUKUN_TRUST_X_FORWARDED_FOR;
    # otherwise a client could forge its address in the audit trail.
    from django.conf import settings

    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.client_ip = client_ip(request)  # type: ignore[attr-defined]
        return self.get_response(request)
