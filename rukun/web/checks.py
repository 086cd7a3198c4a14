"""Rules that span settings, as Django system checks (``rukun manage check --deploy``)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver", "[::1]"}


@register(Tags.security, deploy=True)
def public_service_settings(app_configs, **kwargs):
    """A service reachable beyond this machine needs a configured key and secure cookies."""
    public = [h for h in settings.ALLOWED_HOSTS if h not in LOCAL_HOSTS]
    if not public:
        return []
    problems = []
    if not os.environ.get("RUKUN_SECRET_KEY"):
        problems.append(
            Warning(
                f"RUKUN_ALLOWED_HOSTS names {', '.join(public)} but RUKUN_SECRET_KEY is not set",
                hint="set RUKUN_SECRET_KEY from a secret store; the generated key file is for one machine",
                id="rukun.W001",
            )
        )
    if not settings.SESSION_COOKIE_SECURE:
        problems.append(
            Warning(
                "the service is public but cookies are sent over plain HTTP",
                hint="serve behind HTTPS and set RUKUN_SECURE_COOKIES=true",
                id="rukun.W002",
            )
        )
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        problems.append(
            Warning(
                "a public service on SQLite: fine for one district, not for a state or the country",
                hint="set DATABASE_URL to PostgreSQL",
                id="rukun.W003",
            )
        )
    return problems
