"""Shared fixtures: a small geography and one persona per role.

The personas follow the house style: for every endpoint, test the owner (an
officer of the area), a teammate of another role, and an outsider (an officer
of another district).
"""

from __future__ import annotations

import pytest

REF_DIR = None


@pytest.fixture
def geo(db):
    from rukun.web.registry.models import District, Krt, State

    selangor = State.objects.create(code=10, name="Selangor", iso_code="MY-10", lat=3.3, lon=101.5)
    johor = State.objects.create(code=1, name="Johor", iso_code="MY-01", lat=2.0, lon=103.3)
    petaling = District.objects.create(
        state=selangor, code=9, key="10_9", name="Petaling", lat=3.1, lon=101.6
    )
    klang = District.objects.create(
        state=selangor, code=4, key="10_4", name="Klang", lat=3.04, lon=101.45
    )
    jb = District.objects.create(
        state=johor, code=2, key="1_2", name="Johor Bahru", lat=1.5, lon=103.75
    )
    krts = {
        "sri_muda": Krt.objects.create(
            code="KRT-10-09-0001",
            name="Taman Sri Muda",
            district=petaling,
            lat=3.0345,
            lon=101.5410,
            population=9000,
        ),
        "ss2": Krt.objects.create(
            code="KRT-10-09-0002",
            name="SS2",
            district=petaling,
            lat=3.1190,
            lon=101.6220,
            population=12000,
        ),
        "bandar_klang": Krt.objects.create(
            code="KRT-10-04-0001",
            name="Bandar Klang",
            district=klang,
            lat=3.0440,
            lon=101.4480,
            population=8000,
        ),
        "larkin": Krt.objects.create(
            code="KRT-01-02-0001",
            name="Larkin Jaya",
            district=jb,
            lat=1.4960,
            lon=103.7420,
            population=7000,
        ),
    }
    return {
        "selangor": selangor,
        "johor": johor,
        "petaling": petaling,
        "klang": klang,
        "jb": jb,
        **krts,
    }


def _user(username, role, **scope):
    from rukun.web.accounts.models import User

    return User.objects.create_user(
        username=username, password="pw-" + username, role=role, **scope
    )


@pytest.fixture
def people(geo):
    return {
        "petaling_officer": _user(
            "petaling", "district_officer", district=geo["petaling"], state=geo["selangor"]
        ),
        "klang_officer": _user(
            "klang", "district_officer", district=geo["klang"], state=geo["selangor"]
        ),
        "selangor_officer": _user("selangor", "state_officer", state=geo["selangor"]),
        "analyst": _user("analyst", "national_analyst"),
        "auditor": _user("auditor", "auditor"),
        "krt_member": _user(
            "srimuda",
            "krt_member",
            krt=geo["sri_muda"],
            district=geo["petaling"],
            state=geo["selangor"],
        ),
        "mediator": _user("mediator", "mediator", district=geo["petaling"], state=geo["selangor"]),
    }


@pytest.fixture
def token(geo):
    from rukun.web.accounts.models import ApiToken

    _, raw = ApiToken.issue(
        "petaling-gateway",
        role="district_officer",
        district=geo["petaling"],
        state=geo["selangor"],
        can_submit=True,
        can_read=True,
    )
    return raw


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The default PBKDF2 work factor costs seconds per persona; tests need no strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
