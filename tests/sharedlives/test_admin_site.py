"""The Django admin is for superusers only (SEC-2): staff status and model permissions are not enough."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from sharedlives.admin_site import SuperuserAdminSite
from sharedlives.models import SchemePolicy
from tests.factories import UserFactory


@pytest.fixture
def staff_with_every_permission(db):
    user = UserFactory(username="stan", is_staff=True)
    user.user_permissions.set(Permission.objects.all())
    return user


def test_the_default_admin_site_is_the_superusers_only_site__SEC_2():
    assert isinstance(admin.site, SuperuserAdminSite)
    assert SchemePolicy in admin.site._registry  # admin.register calls land on it


def test_staff_with_every_permission_is_refused_everywhere_in_the_admin__SEC_2(client, staff_with_every_permission):
    assert staff_with_every_permission.has_perm("sharedlives.change_schemepolicy")
    client.force_login(staff_with_every_permission)
    policy = SchemePolicy.current()
    for url in (
        reverse("admin:index"),
        reverse("admin:sharedlives_schemepolicy_changelist"),
        reverse("admin:sharedlives_schemepolicy_change", args=[policy.pk]),
        reverse("admin:auth_user_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 302, f"{url}: {response.status_code}"
        assert response.url.startswith(reverse("admin:login")), f"{url} went to {response.url}"


def test_staff_cannot_post_an_admin_change__SEC_2(client, staff_with_every_permission):
    client.force_login(staff_with_every_permission)
    policy = SchemePolicy.current()
    before = policy.respite_nights_per_year
    response = client.post(
        reverse("admin:sharedlives_schemepolicy_change", args=[policy.pk]), {"respite_nights_per_year": before + 9}
    )
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    policy.refresh_from_db()
    assert policy.respite_nights_per_year == before


def test_the_admin_sign_in_form_refuses_staff_who_are_not_superusers__SEC_2(client, staff_with_every_permission):
    response = client.post(reverse("admin:login"), {"username": "stan", "password": "correct-horse-battery"})
    assert response.status_code == 200
    assert "administrators only" in response.context["form"].non_field_errors()[0]
    assert "_auth_user_id" not in client.session


def test_a_superuser_gets_in__SEC_2(client, superuser):
    response = client.post(reverse("admin:login"), {"username": "ada", "password": "correct-horse-battery"})
    assert response.status_code == 302
    policy = SchemePolicy.current()
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:sharedlives_schemepolicy_change", args=[policy.pk])).status_code == 200


def test_an_inactive_superuser_is_refused__SEC_2(client, superuser):
    superuser.is_active = False
    superuser.save()
    client.force_login(superuser)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
