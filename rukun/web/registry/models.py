"""The geography registry: states, districts and Kawasan Rukun Tetangga (KRT)."""

from __future__ import annotations

import math

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Ethnic groups counted for every area, in the order of the OpenDOSM file.
ETHNIC_FIELDS: tuple[str, ...] = (
    "pop_bumi_malay",
    "pop_bumi_other",
    "pop_chinese",
    "pop_indian",
    "pop_other_citizen",
    "pop_non_citizen",
)

RELIGION_FIELDS: tuple[str, ...] = (
    "rel_muslim",
    "rel_christian",
    "rel_buddhist",
    "rel_hindu",
    "rel_other",
)


def diversity_index(counts: list[int] | tuple[int, ...]) -> float:
    """Ethnic fractionalisation 1 - sum(p_i^2) (Alesina et al. 2003), 0 when empty."""
    total = sum(counts)
    if total <= 0:
        return 0.0
    return 1.0 - sum((c / total) ** 2 for c in counts)


class Demography(models.Model):
    """Population and its ethnic and religious composition."""

    population = models.PositiveIntegerField(default=0)
    pop_bumi_malay = models.PositiveIntegerField(default=0)
    pop_bumi_other = models.PositiveIntegerField(default=0)
    pop_chinese = models.PositiveIntegerField(default=0)
    pop_indian = models.PositiveIntegerField(default=0)
    pop_other_citizen = models.PositiveIntegerField(default=0)
    pop_non_citizen = models.PositiveIntegerField(default=0)
    rel_muslim = models.PositiveIntegerField(default=0)
    rel_christian = models.PositiveIntegerField(default=0)
    rel_buddhist = models.PositiveIntegerField(default=0)
    rel_hindu = models.PositiveIntegerField(default=0)
    rel_other = models.PositiveIntegerField(default=0)
    diversity = models.FloatField(default=0.0, help_text=_("Ethnic fractionalisation, 0–1"))

    class Meta:
        abstract = True

    def ethnic_counts(self) -> dict[str, int]:
        return {name.removeprefix("pop_"): getattr(self, name) for name in ETHNIC_FIELDS}

    def religion_counts(self) -> dict[str, int]:
        return {name.removeprefix("rel_"): getattr(self, name) for name in RELIGION_FIELDS}

    def update_diversity(self) -> None:
        self.diversity = diversity_index([getattr(self, name) for name in ETHNIC_FIELDS])


class State(Demography):
    code = models.PositiveSmallIntegerField(unique=True, help_text=_("DOSM state code 1–16"))
    name = models.CharField(max_length=64)
    iso_code = models.CharField(max_length=8, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ("code",)

    def __str__(self) -> str:
        return self.name


class District(Demography):
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="districts")
    code = models.PositiveSmallIntegerField(help_text=_("DOSM district code within the state"))
    key = models.CharField(
        max_length=8, unique=True, help_text=_("DOSM key state_district, e.g. 10_1")
    )
    name = models.CharField(max_length=64)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    area_km2 = models.FloatField(null=True, blank=True)
    boundary = models.JSONField(null=True, blank=True, help_text=_("GeoJSON geometry, WGS84"))

    class Meta:
        ordering = ("state__code", "code")
        constraints = [
            models.UniqueConstraint(fields=("state", "code"), name="district_code_in_state"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.state.name})"


class Krt(Demography):
    """A Kawasan Rukun Tetangga: the neighbourhood area of one RT committee."""

    code = models.CharField(max_length=24, unique=True)
    name = models.CharField(max_length=128)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="krts")
    lat = models.FloatField()
    lon = models.FloatField()
    established = models.DateField(null=True, blank=True)
    is_generated = models.BooleanField(
        default=False, help_text=_("Placed by the demo generator, not from a real register")
    )

    class Meta:
        ordering = ("code",)
        verbose_name = "KRT"
        verbose_name_plural = "KRTs"
        indexes = [models.Index(fields=("district", "code"))]

    def __str__(self) -> str:
        return f"{self.name} [{self.code}]"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))
