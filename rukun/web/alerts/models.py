"""Alerts raised by surveillance runs, their signals, chronic hotspots and routing.

An ``Alert`` is the stored form of ``rukun.detect.Alert``: one emerging cluster,
updated (never duplicated) while it keeps being signalled on later days.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rukun.web.registry.models import District, Krt, State
from rukun.web.reports.models import CATEGORY_CHOICES, Report


class SurveillanceRun(models.Model):
    """One daily analysis of one state; repeating it replaces its signals."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    day = models.DateField()
    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.RUNNING)
    started = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    n_reports = models.PositiveIntegerField(default=0)
    n_signals = models.PositiveIntegerField(default=0)
    n_new = models.PositiveIntegerField(default=0)
    n_updated = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ("-day", "state__code")
        constraints = [
            models.UniqueConstraint(fields=("day", "state"), name="one_run_per_state_day")
        ]


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class AlertStatus(models.TextChoices):
    NEW = "new", _("New")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")
    MERGED = "merged", _("Merged")
    CLOSED = "closed", _("Closed")


class DismissReason(models.TextChoices):
    DUPLICATE = "duplicate", _("Duplicate of another alert")
    ALREADY_HANDLED = "already_handled", _("Already handled")
    FALSE_PATTERN = "false_pattern", _("False pattern")
    MISLABELLED = "mislabelled", _("Reports mislabelled")
    OUT_OF_SCOPE = "out_of_scope", _("Not a unity matter")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    IMPROVED = "improved", _("Improved")
    NO_CHANGE = "no_change", _("No change")
    WORSENED = "worsened", _("Worsened")


class Alert(models.Model):
    key = models.CharField(max_length=64, unique=True, help_text=_("rukun.detect alert id"))
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="alerts")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="alerts")
    districts = models.ManyToManyField(District, related_name="+")
    krts = models.ManyToManyField(Krt, related_name="alerts")
    method = models.CharField(max_length=32)
    methods = models.JSONField(default=list)
    category = models.CharField(max_length=24, choices=CATEGORY_CHOICES, blank=True)
    opened = models.DateField(db_index=True)
    last_signal_date = models.DateField()
    start = models.DateField()
    end = models.DateField()
    observed = models.FloatField()
    expected = models.FloatField(null=True)
    p_value = models.FloatField(null=True)
    recurrence_interval_days = models.FloatField(null=True)
    n_signals = models.PositiveIntegerField(default=1)
    history = models.JSONField(default=list)
    evidence = models.ManyToManyField(Report, related_name="alerts")

    severity_max = models.PositiveSmallIntegerField(null=True)
    severity_mean = models.FloatField(null=True)
    three_r_share = models.FloatField(null=True)
    priority_score = models.FloatField(default=0.0, db_index=True)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.LOW)
    summary_ms = models.TextField(blank=True)
    summary_en = models.TextField(blank=True)

    status = models.CharField(
        max_length=10, choices=AlertStatus.choices, default=AlertStatus.NEW, db_index=True
    )
    dismiss_reason = models.CharField(max_length=16, choices=DismissReason.choices, blank=True)
    triage_note = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-priority_score", "-last_signal_date", "-id")
        indexes = [
            models.Index(fields=("district", "status")),
            models.Index(fields=("state", "status")),
        ]

    def __str__(self) -> str:
        return f"Alert {self.pk} {self.category or 'all'} {self.start}–{self.end}"

    @property
    def is_open(self) -> bool:
        return self.status in (AlertStatus.NEW, AlertStatus.CONFIRMED)


class Signal(models.Model):
    """One method's detection on one day; the evidence behind an alert."""

    run = models.ForeignKey(SurveillanceRun, on_delete=models.CASCADE, related_name="signals")
    alert = models.ForeignKey(Alert, null=True, on_delete=models.SET_NULL, related_name="signals")
    signal_date = models.DateField()
    method = models.CharField(max_length=32)
    category = models.CharField(max_length=24, blank=True)
    area_codes = models.JSONField(default=list)
    start = models.DateField()
    end = models.DateField()
    observed = models.FloatField()
    expected = models.FloatField(null=True)
    p_value = models.FloatField(null=True)
    recurrence_interval_days = models.FloatField(null=True)
    evidence_ids = models.JSONField(default=list)

    class Meta:
        ordering = ("-signal_date", "method")


class Hotspot(models.Model):
    """A chronic hotspot (Getis-Ord Gi*) found by the latest run of its state."""

    run = models.ForeignKey(SurveillanceRun, on_delete=models.CASCADE, related_name="hotspots")
    krt = models.ForeignKey(Krt, on_delete=models.CASCADE, related_name="hotspots")
    category = models.CharField(max_length=24, blank=True)
    z_score = models.FloatField()
    p_value = models.FloatField()
    rate = models.FloatField(null=True, help_text=_("reports per 1,000 residents over the window"))


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    email = models.BooleanField(default=True)
    min_priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    categories = models.JSONField(
        default=list, blank=True, help_text=_("empty means every category")
    )


class Webhook(models.Model):
    """A partner system that receives alerts as signed JSON (HMAC-SHA256)."""

    name = models.CharField(max_length=100)
    url = models.URLField()
    secret = models.CharField(max_length=128)
    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    active = models.BooleanField(default=True)


class Delivery(models.Model):
    """One notification of one alert to one recipient; makes sending idempotent."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=8)
    recipient = models.CharField(max_length=200)
    version = models.PositiveIntegerField(help_text=_("the alert's n_signals when sent"))
    sent_at = models.DateTimeField(auto_now_add=True)
    ok = models.BooleanField(default=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("alert", "channel", "recipient", "version"), name="deliver_once"
            )
        ]
