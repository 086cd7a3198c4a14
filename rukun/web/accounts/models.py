"""Users, their roles and geographic scope, and API tokens for integrations."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from rukun.web.registry.models import District, Krt, State


class Role(models.TextChoices):
    NATIONAL_ANALYST = "national_analyst", _("National analyst")
    STATE_OFFICER = "state_officer", _("State unity officer")
    DISTRICT_OFFICER = "district_officer", _("District unity officer")
    KRT_MEMBER = "krt_member", _("KRT committee member")
    MEDIATOR = "mediator", _("Community mediator")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("System administrator")


#: The geography each role must be bound to.
ROLE_SCOPE: dict[str, str | None] = {
    Role.NATIONAL_ANALYST: None,
    Role.STATE_OFFICER: "state",
    Role.DISTRICT_OFFICER: "district",
    Role.KRT_MEMBER: "krt",
    Role.MEDIATOR: "district",
    Role.AUDITOR: None,
    Role.ADMIN: None,
}


class Scope(models.Model):
    """A role bound to a part of Malaysia: the whole country, a state, a district or a KRT."""

    role = models.CharField(max_length=24, choices=Role.choices, default=Role.KRT_MEMBER)
    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    krt = models.ForeignKey(Krt, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def clean_scope(self) -> list[str]:
        """Return the problems with this role's geography; empty when consistent."""
        needed = ROLE_SCOPE.get(self.role)
        problems = []
        if needed and getattr(self, f"{needed}_id") is None:
            problems.append(f"role {self.role} needs a {needed}")
        return problems


class User(AbstractUser, Scope):
    phone = models.CharField(max_length=32, blank=True)
    preferred_language = models.CharField(
        max_length=2, choices=(("ms", "Bahasa Melayu"), ("en", "English")), default="ms"
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(Scope):
    """A bearer token for one integration (a messaging gateway, a partner system).

    Only a SHA-256 of the token is stored; the raw token is shown once, when it
    is created.
    """

    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    can_submit = models.BooleanField(default=True)
    can_read = models.BooleanField(default=False)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, name: str, **fields: object) -> tuple[ApiToken, str]:
        """Create a token and return it with the raw secret, which is not stored."""
        raw = "rk_" + secrets.token_urlsafe(32)
        token = cls.objects.create(name=name, prefix=raw[:8], digest=_hash_token(raw), **fields)
        return token, raw

    @classmethod
    def find(cls, raw: str) -> ApiToken | None:
        return cls.objects.filter(digest=_hash_token(raw), revoked__isnull=True).first()
