"""The JSON API (django-ninja); OpenAPI at ``/api/docs``.

Errors always have one shape: ``{"error": code, "detail": ...}``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from rukun.web.accounts.models import ApiToken

log = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer rk_…`` for integrations; the token carries a scope."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = ApiToken.find(token)
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
        request.api_token = found  # type: ignore[attr-defined]
        return found


class SessionAuth(APIKeyCookie):
    """A logged-in officer's browser session (CSRF-checked for writes)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


api = NinjaAPI(
    title="rukun API",
    version="1",
    description='Community reports intake and queries. Errors: {"error": code, "detail": ...}.',
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)


def error(request: HttpRequest, status: int, code: str, detail: Any) -> HttpResponse:
    return api.create_response(request, {"error": code, "detail": detail}, status=status)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(request, 401, "unauthorized", "log in or send 'Authorization: Bearer <token>'")


@api.exception_handler(ValidationError)
def on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = [
        {
            "field": ".".join(
                str(p) for p in e.get("loc", ()) if p not in ("query", "body", "path")
            ),
            "message": e.get("msg", ""),
            "allowed": str(e.get("ctx", {}).get("expected", "")),
        }
        for e in exc.errors
    ]
    return error(request, 422, "invalid", detail)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    codes = {
        400: "bad_request",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        413: "too_large",
        429: "rate_limited",
    }
    return error(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))


@api.exception_handler(Exception)
def on_server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API error on %s", request.path)
    return error(request, 500, "server_error", "the server failed; the error is logged")


class ApiErrorShape:
    """Keeps the API's error shape for answers Django gives before the API sees the request:
    an unknown path (404) and a method the path does not take (405)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code in (404, 405)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            code = "not_found" if response.status_code == 404 else "method_not_allowed"
            detail = (
                f"no such endpoint: {request.path}"
                if response.status_code == 404
                else f"{request.method} is not allowed here; allowed: {response.get('Allow', '')}"
            )
            return JsonResponse({"error": code, "detail": detail}, status=response.status_code)
        return response


api.add_router("/reports", "rukun.web.reports.api.router")
api.add_router("/alerts", "rukun.web.alerts.api.router")
