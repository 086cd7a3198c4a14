"""Prevention work assigned from an alert, and its follow-up."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rukun.web.alerts.models import Alert


def eligible_owners(alert: Alert) -> models.QuerySet:
    """Active users who can see the alert and so follow up its interventions: officers and
    mediators of its districts, its state's officers, members of its KRTs, national analysts."""
    from django.contrib.auth import get_user_model

    from rukun.web.accounts.models import Role

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            models.Q(
                role__in=(Role.DISTRICT_OFFICER, Role.MEDIATOR), district__in=alert.districts.all()
            )
            | models.Q(role=Role.STATE_OFFICER, state_id=alert.state_id)
            | models.Q(role=Role.KRT_MEMBER, krt__in=alert.krts.all())
            | models.Q(role=Role.NATIONAL_ANALYST)
        )
    )


class Kind(models.TextChoices):
    MEDIATION = "mediation", _("Mediation case")
    DIALOGUE = "dialogue", _("Dialogue session")
    PATROLS = "patrols", _("More SRS patrols")
    PROGRAMME = "programme", _("Community programme")
    POLICE = "police", _("Referral to police")
    LOCAL_AUTHORITY = "local_authority", _("Referral to local authority")
    RELIGIOUS_AUTHORITY = "religious_authority", _("Referral to religious authority")


class Initiative(models.TextChoices):
    """The eight initiatives of the KRT inspection (Pemeriksaan KRT)."""

    SAFETY = "community_safety", _("Community safety")
    EDUCATION = "lifelong_education", _("Lifelong education")
    ECONOMY = "economy_livelihood", _("Economy and livelihood")
    CREATIVITY = "creativity", _("Creativity")
    ENVIRONMENT = "environment", _("Environment")
    LEADERSHIP = "leadership", _("Leadership")
    WELLBEING = "wellbeing", _("Wellbeing")
    HERITAGE = "heritage_culture", _("Heritage and culture")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Intervention(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="interventions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    initiative = models.CharField(max_length=20, choices=Initiative.choices, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interventions"
    )
    due = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    notes = models.TextField(blank=True)
    started_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("the day the work began; outcomes compare the 30 days before and after"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("due", "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for alert {self.alert_id}"
