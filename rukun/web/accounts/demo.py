"""Demo accounts, one per role, for trying the system out."""

from __future__ import annotations

from rukun.web.accounts.models import ApiToken, Role, User
from rukun.web.registry.models import District, Krt, State

DEMO_PASSWORD = "rukun-demo"


def create_demo_accounts(flat_krt: Krt | None = None) -> list[tuple[str, str, str]]:
    """Create (or reset) the demo accounts; return (username, role, scope) rows."""

    def district(key: str) -> District | None:
        return District.objects.filter(key=key).select_related("state").first()

    petaling, kl, jb, kk = district("10_5"), district("14_1"), district("1_2"), district("12_7")
    selangor = State.objects.filter(code=10).first()
    specs: list[tuple[str, str, dict[str, object]]] = [
        ("analyst", Role.NATIONAL_ANALYST, {}),
        ("selangor", Role.STATE_OFFICER, {"state": selangor}),
        ("petaling", Role.DISTRICT_OFFICER, {"district": petaling}),
        ("kualalumpur", Role.DISTRICT_OFFICER, {"district": kl}),
        ("johorbahru", Role.DISTRICT_OFFICER, {"district": jb}),
        ("kotakinabalu", Role.DISTRICT_OFFICER, {"district": kk}),
        ("mediator", Role.MEDIATOR, {"district": petaling}),
        ("krt", Role.KRT_MEMBER, {"krt": flat_krt}),
        ("auditor", Role.AUDITOR, {}),
        ("admin", Role.ADMIN, {}),
    ]
    rows = []
    for username, role, scope in specs:
        if any(value is None for value in scope.values()):
            continue
        krt = scope.get("krt")
        dist = scope.get("district") or (krt.district if isinstance(krt, Krt) else None)
        state = scope.get("state") or (dist.state if isinstance(dist, District) else None)
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "krt": krt,
                "district": dist,
                "state": state,
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
                "first_name": username.capitalize(),
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        rows.append((username, str(role.label), str(krt or dist or state or "Malaysia")))
    return rows


def create_demo_token() -> str:
    ApiToken.objects.filter(name="demo-gateway").delete()
    _, raw = ApiToken.issue(
        "demo-gateway", role=Role.NATIONAL_ANALYST, can_submit=True, can_read=True
    )
    return raw
