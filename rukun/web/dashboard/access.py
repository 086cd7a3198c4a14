"""Which dashboard areas a user may open.

The rules are those of ``rukun.web.accounts.scoping``: nationwide roles see
everything, a state officer their state, a district officer or mediator their
district, a KRT member their KRT. An area outside the user's scope is answered
as not found, as reports and alerts are.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from rukun.web.accounts.models import Role
from rukun.web.accounts.scoping import NATIONWIDE
from rukun.web.registry.models import District, Krt, State

DISTRICT_ROLES = (Role.DISTRICT_OFFICER, Role.MEDIATOR)


def sees_state(user: Any, state: State) -> bool:
    if user.role in NATIONWIDE:
        return True
    return user.role == Role.STATE_OFFICER and user.state_id == state.pk


def sees_district(user: Any, district: District) -> bool:
    if sees_state(user, district.state):
        return True
    return user.role in DISTRICT_ROLES and user.district_id == district.pk


def sees_krt(user: Any, krt: Krt) -> bool:
    if sees_district(user, krt.district):
        return True
    return user.role == Role.KRT_MEMBER and user.krt_id == krt.pk


def state_or_404(user: Any, code: int) -> State:
    state = get_object_or_404(State, code=code)
    if not sees_state(user, state):
        raise Http404("no such state in your area")
    return state


def district_or_404(user: Any, key: str) -> District:
    district = get_object_or_404(
        District.objects.select_related("state").defer("boundary"), key=key
    )
    if not sees_district(user, district):
        raise Http404("no such district in your area")
    return district


def krt_or_404(user: Any, code: str) -> Krt:
    krt = get_object_or_404(
        Krt.objects.select_related("district__state").defer("district__boundary"), code=code
    )
    if not sees_krt(user, krt):
        raise Http404("no such KRT in your area")
    return krt


def home_area(user: Any) -> tuple[str, object] | None:
    """The URL name and argument of the widest page the user may open, below national."""
    if user.role == Role.STATE_OFFICER and user.state_id:
        return "dashboard_state", user.state.code
    if user.role in DISTRICT_ROLES and user.district_id:
        return "dashboard_district", user.district.key
    if user.role == Role.KRT_MEMBER and user.krt_id:
        return "krt_profile", user.krt.code
    return None
