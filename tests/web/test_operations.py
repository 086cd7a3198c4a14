"""Operational commands and settings checks."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rukun.web.accounts.models import ApiToken
from rukun.web.checks import public_service_settings

pytestmark = pytest.mark.django_db


def test_create_token_prints_a_working_token_once(geo):
    out = io.StringIO()
    call_command("create_token", "gateway", "--district", "10_9", "--read", stdout=out)
    raw = out.getvalue().strip()
    token = ApiToken.find(raw)
    assert token.district == geo["petaling"] and token.state == geo["selangor"] and token.can_read
    assert raw not in token.digest  # only the hash is stored


def test_create_token_refuses_a_role_without_its_area(geo):
    with pytest.raises(CommandError, match="needs --district"):
        call_command("create_token", "x", "--role", "district_officer", stdout=io.StringIO())
    with pytest.raises(CommandError, match="unknown area"):
        call_command("create_token", "x", "--district", "99_9", stdout=io.StringIO())


def test_a_public_deployment_is_warned_about_unsafe_settings(settings, monkeypatch):
    monkeypatch.delenv("RUKUN_SECRET_KEY", raising=False)
    settings.ALLOWED_HOSTS = ["rukun.example.gov.my"]
    settings.SESSION_COOKIE_SECURE = False
    ids = {w.id for w in public_service_settings(None)}
    assert {"rukun.W001", "rukun.W002"} <= ids
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    assert public_service_settings(None) == []


def test_bad_settings_values_fail_loudly(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from rukun.web.env import env_bool, env_int

    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_bool("X_FLAG", False)
    monkeypatch.setenv("X_NUM", "-3")
    with pytest.raises(ImproperlyConfigured, match="below the minimum"):
        env_int("X_NUM", 1, minimum=0)
