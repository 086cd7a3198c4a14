"""Community reports, stored as they arrived and enriched afterwards."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rukun.core.taxonomy import CATEGORIES, CATEGORY_NAMES_EN, CATEGORY_NAMES_MS, LANGUAGES, SOURCES
from rukun.web.registry.models import District, Krt, State

SOURCE_CHOICES = [(code, code) for code in SOURCES]
CATEGORY_CHOICES = [(code, code) for code in CATEGORIES]
LANGUAGE_CHOICES = [(code, code) for code in LANGUAGES]


class Channel(models.TextChoices):
    API = "api", _("API")
    FORM = "form", _("Public web form")
    OFFICER_FORM = "officer_form", _("Officer web form")
    IMPORT = "import", _("File import")
    WEBHOOK = "webhook", _("Messaging webhook")
    DEMO = "demo", _("Demo data")


class LocationStatus(models.TextChoices):
    RESOLVED = "resolved", _("Resolved to a KRT")
    DISTRICT_ONLY = "district_only", _("Resolved to a district only")
    UNRESOLVED = "unresolved", _("No usable location")


class Enrichment(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Review(models.TextChoices):
    NEW = "new", _("New")
    REVIEWED = "reviewed", _("Reviewed")
    ACTIONED = "actioned", _("Actioned")
    DISMISSED = "dismissed", _("Dismissed")


class ReportQuerySet(models.QuerySet["Report"]):
    def visible_to(self, principal: Any) -> ReportQuerySet:
        from rukun.web.accounts.scoping import filter_by_scope

        return filter_by_scope(self, principal)


class Report(models.Model):
    source = models.CharField(max_length=24, choices=SOURCE_CHOICES)
    external_id = models.CharField(max_length=128, blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    received_at = models.DateTimeField(db_index=True)
    occurred_at = models.DateTimeField(db_index=True)

    # What arrived, unchanged: never edited after insert.
    text = models.TextField()
    raw_payload = models.JSONField()

    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    krt = models.ForeignKey(
        Krt, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    location_status = models.CharField(max_length=16, choices=LocationStatus.choices)

    # Protected personal data: shown only to roles that need it, every view audited.
    reporter_name = models.CharField(max_length=120, blank=True)
    reporter_contact = models.CharField(max_length=120, blank=True)
    anonymous = models.BooleanField(default=False)

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_token = models.ForeignKey(
        "accounts.ApiToken", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Labels from the understanding layer (rukun.nlp); empty until enriched.
    enrichment = models.CharField(
        max_length=8, choices=Enrichment.choices, default=Enrichment.PENDING, db_index=True
    )
    enrichment_error = models.TextField(blank=True)
    category = models.CharField(max_length=24, choices=CATEGORY_CHOICES, blank=True, db_index=True)
    three_r = models.BooleanField(null=True)
    severity = models.PositiveSmallIntegerField(null=True)
    language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES, blank=True)
    scores = models.JSONField(default=dict, blank=True)
    redacted_text = models.TextField(blank=True)
    places = models.JSONField(default=list, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    model_version = models.CharField(max_length=64, blank=True)
    enriched_at = models.DateTimeField(null=True, blank=True)

    review = models.CharField(max_length=12, choices=Review.choices, default=Review.NEW)
    tags = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ("-received_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("source", "external_id"),
                condition=~models.Q(external_id=""),
                name="report_unique_source_external_id",
            ),
        ]
        indexes = [
            models.Index(fields=("district", "occurred_at")),
            models.Index(fields=("krt", "occurred_at")),
            models.Index(fields=("state", "occurred_at")),
        ]

    objects = ReportQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Report {self.pk} ({self.source})"

    @property
    def category_label(self) -> str:
        """The category's name in the page's language (Malay or English)."""
        from django.utils.translation import get_language

        names = (
            CATEGORY_NAMES_MS if (get_language() or "ms").startswith("ms") else CATEGORY_NAMES_EN
        )
        return names.get(self.category, self.category)

    @property
    def display_text(self) -> str:
        """The text pages show: redacted once enriched, withheld before."""
        return self.redacted_text if self.enrichment == Enrichment.DONE else ""


class LabelCorrection(models.Model):
    """An officer's correction of a label: kept as training data for the next model."""

    FIELDS = ("category", "three_r", "severity", "language")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(max_length=12, choices=[(f, f) for f in FIELDS])
    old_value = models.JSONField(null=True)
    new_value = models.JSONField()
    model_version = models.CharField(max_length=64, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-at",)
