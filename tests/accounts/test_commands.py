import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD, demo_users
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_createsuperuser_noinput_reads_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "ops_admin")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Ops@Example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Sup3r!Secret")

    call_command("createsuperuser", "--noinput", verbosity=0)

    admin = User.objects.get(username="ops_admin")
    assert admin.is_superuser and admin.is_staff and admin.is_active
    assert admin.email == "ops@example.com"
    assert admin.email_verified is True
    assert admin.check_password("Sup3r!Secret")


def test_createsuperuser_refuses_a_taken_username(monkeypatch, alice):
    from django.core.management.base import CommandError

    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "alice")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "other@example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Sup3r!Secret")

    with pytest.raises(CommandError):
        call_command("createsuperuser", "--noinput", verbosity=0)


def test_the_superuser_logs_in_through_the_api(monkeypatch, api_client):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "ops_admin")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "ops@example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Sup3r!Secret")
    call_command("createsuperuser", "--noinput", verbosity=0)

    response = api_client.post(
        "/api/v1/auth/login/", {"username": "ops_admin", "password": "Sup3r!Secret"}
    )

    assert response.status_code == 200


def test_the_demo_users_load_idempotently():
    from accounts import demo

    demo.seed(scale=2)
    demo.seed(scale=2)

    users = demo_users()
    assert [u.username for u in users] == ["alice", "bob_b", "carol", "dave_d"]
    assert all(u.check_password(DEMO_PASSWORD) and u.email_verified for u in users)
    assert User.objects.filter(username__startswith="demo_").count() == 2
    assert User.objects.filter(username="admin", is_superuser=True).count() == 1
