"""Geographic scoping: what a user or an API token may see.

Every query of reports (and later alerts) goes through ``filter_by_scope`` so
that a district officer never sees another district's records, whatever the
URL, filter or export.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.db.models import Model, Q, QuerySet

from rukun.web.accounts.models import Role

M = TypeVar("M", bound=Model)

#: Roles that see every area.
NATIONWIDE = frozenset({Role.NATIONAL_ANALYST, Role.AUDITOR, Role.ADMIN})

#: Roles that may read reporter contact details (each read is audited).
PERSONAL_DATA_ROLES = frozenset({Role.NATIONAL_ANALYST, Role.STATE_OFFICER, Role.DISTRICT_OFFICER})


class Principal(Protocol):
    role: str
    state_id: int | None
    district_id: int | None
    krt_id: int | None


def scope_q(principal: Principal, prefix: str = "") -> Q:
    """A filter on a model with ``state``, ``district`` and ``krt`` foreign keys.

    ``prefix`` reaches those fields through a relation, e.g. ``"report__"``.
    A principal without a usable scope matches nothing.
    """
    role = principal.role
    if role in NATIONWIDE:
        return Q()
    if role == Role.STATE_OFFICER and principal.state_id:
        return Q(**{f"{prefix}state_id": principal.state_id})
    if role in (Role.DISTRICT_OFFICER, Role.MEDIATOR) and principal.district_id:
        return Q(**{f"{prefix}district_id": principal.district_id})
    if role == Role.KRT_MEMBER and principal.krt_id:
        return Q(**{f"{prefix}krt_id": principal.krt_id})
    return Q(pk__in=[])


def filter_by_scope(queryset: QuerySet[M], principal: Principal, prefix: str = "") -> QuerySet[M]:
    return queryset.filter(scope_q(principal, prefix))


def can_see_personal_data(principal: Any) -> bool:
    return getattr(principal, "role", None) in PERSONAL_DATA_ROLES


def scope_label(principal: Any) -> str:
    """A short description of the principal's area, for pages and audit rows."""
    role = principal.role
    if role in NATIONWIDE:
        return "Malaysia"
    for level in ("krt", "district", "state"):
        obj = getattr(principal, level, None) if getattr(principal, f"{level}_id", None) else None
        if obj is not None:
            return str(obj)
    return "-"


def alert_scope_q(principal: Principal) -> Q:
    """A filter on alerts: an alert is in scope when any of its areas is."""
    from rukun.web.alerts.models import Alert

    role = principal.role
    if role in NATIONWIDE:
        return Q()
    if role == Role.STATE_OFFICER and principal.state_id:
        return Q(state_id=principal.state_id)
    if role in (Role.DISTRICT_OFFICER, Role.MEDIATOR) and principal.district_id:
        through = Alert.districts.through.objects.filter(district_id=principal.district_id)
        return Q(pk__in=through.values("alert_id"))
    if role == Role.KRT_MEMBER and principal.krt_id:
        through = Alert.krts.through.objects.filter(krt_id=principal.krt_id)
        return Q(pk__in=through.values("alert_id"))
    return Q(pk__in=[])


#: Roles that triage alerts and assign interventions.
TRIAGE_ROLES = frozenset({Role.NATIONAL_ANALYST, Role.STATE_OFFICER, Role.DISTRICT_OFFICER})
