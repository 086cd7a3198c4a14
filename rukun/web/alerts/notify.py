"""Routing alerts to the officers in charge (e-mail) and to partner systems (signed webhooks).

Each (alert, channel, recipient, version) is delivered once: the ``Delivery`` row's unique
constraint makes a repeated run send nothing new, and an alert that grows (a new version)
is sent again as an update.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q

from rukun.web.accounts.models import Role, User
from rukun.web.alerts.models import Alert, Delivery, NotificationPreference, Priority, Webhook

log = logging.getLogger(__name__)

_RANK = {Priority.LOW: 0, Priority.MEDIUM: 1, Priority.HIGH: 2}


def recipients(alert: Alert) -> list[User]:
    """Officers whose area covers the alert and whose preferences accept it."""
    district_ids = list(alert.districts.values_list("id", flat=True))
    candidates = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(role=Role.DISTRICT_OFFICER, district_id__in=district_ids)
            | Q(role=Role.STATE_OFFICER, state_id=alert.state_id)
            | Q(role=Role.NATIONAL_ANALYST, notifications__isnull=False)
        )
    )
    prefs = {p.user_id: p for p in NotificationPreference.objects.filter(user__in=candidates)}
    chosen = []
    for user in candidates:
        pref = prefs.get(user.pk) or NotificationPreference(user=user)
        if not pref.email or _RANK[alert.priority] < _RANK[pref.min_priority]:
            continue
        if pref.categories and alert.category not in pref.categories:
            continue
        chosen.append(user)
    return chosen


def _claim(alert: Alert, channel: str, recipient: str) -> Delivery | None:
    try:
        with transaction.atomic():
            return Delivery.objects.create(
                alert=alert, channel=channel, recipient=recipient, version=alert.n_signals
            )
    except IntegrityError:
        return None


def payload(alert: Alert) -> dict:
    """The webhook body: the alert as the API gives it, with its version."""
    from rukun.web.alerts.api import serialise

    return {**serialise(alert), "version": alert.n_signals}


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def webhooks_for(alert: Alert):
    """A hook bound to a district hears that district only; to a state, the state;
    to neither, everything."""
    return (
        Webhook.objects.filter(active=True)
        .filter(
            Q(district__in=alert.districts.all())
            | Q(district__isnull=True, state_id=alert.state_id)
            | Q(district__isnull=True, state__isnull=True)
        )
        .distinct()
    )


def notify(alert: Alert) -> int:
    """Send the alert to everyone due to receive this version of it; return deliveries made."""
    sent = 0
    updated = alert.n_signals > 1
    for user in recipients(alert):
        delivery = _claim(alert, "email", user.email)
        if delivery is None:
            continue
        language = user.preferred_language
        summary = alert.summary_ms if language == "ms" else alert.summary_en
        subject = (
            ("[rukun] Amaran dikemas kini: " if updated else "[rukun] Amaran baharu: ")
            if language == "ms"
            else ("[rukun] Alert updated: " if updated else "[rukun] New alert: ")
        )
        try:
            send_mail(
                subject + summary[:120],
                f"{summary}\n\n/alerts/{alert.pk}/",
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
            sent += 1
        except OSError as exc:
            # Release the claim so that the next run tries again.
            log.warning("e-mail to %s failed: %s", user.email, exc)
            delivery.delete()
    hooks = webhooks_for(alert)
    for hook in hooks:
        delivery = _claim(alert, "webhook", hook.url)
        if delivery is None:
            continue
        body = json.dumps(payload(alert)).encode()
        request = urllib.request.Request(
            hook.url,
            data=body,
            headers={
                "Content-Type": "application/json",
                "X-Rukun-Signature": sign(hook.secret, body),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=5):
                sent += 1
        except OSError as exc:
            log.warning("webhook %s failed: %s", hook.name, exc)
            delivery.delete()
    return sent
