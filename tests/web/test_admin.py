"""The Django admin: for system admins; roles must name their area."""

import pytest
from django.test import Client

from rukun.web.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(geo):
    admin = User.objects.create_superuser("root", "root@example.my", "pw", role="admin")
    client = Client()
    client.force_login(admin)
    return client


def test_a_district_officer_without_a_district_is_a_form_error(admin_client, geo):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newofficer",
            "password1": "a-long-pass-42",
            "password2": "a-long-pass-42",
            "role": "district_officer",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200 and "needs a district" in response.content.decode()
    assert not User.objects.filter(username="newofficer").exists()


def test_the_audit_trail_is_read_only_in_the_admin(admin_client):
    from rukun.web.audit.models import AuditEvent

    event = AuditEvent.objects.create(actor="x", action="view")
    assert (
        admin_client.post(
            f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()
