import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import BlockFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(db) -> Client:
    admin = User.objects.create_superuser("root_admin", "root@example.com", "Adm1n!Pass")
    client = Client()
    client.force_login(admin)
    return client


def test_the_user_changelist_lists_searches_and_filters(admin_client_, alice, bob):
    url = reverse("admin:accounts_user_changelist")

    page = admin_client_.get(url)
    search = admin_client_.get(url, {"q": "bob@example"})
    filtered = admin_client_.get(url, {"email_verified__exact": "1", "is_staff__exact": "0"})

    assert page.status_code == search.status_code == filtered.status_code == 200
    assert b"alice@example.com" in page.content
    assert list(search.context["cl"].result_list) == [bob]
    assert set(filtered.context["cl"].result_list) == {alice, bob}


def test_the_user_change_page_shows_the_kith_fields(admin_client_, alice):
    response = admin_client_.get(reverse("admin:accounts_user_change", args=[alice.pk]))

    assert response.status_code == 200
    for field in ("patronymic", "background_color", "timezone", "email_verified", "avatar"):
        assert f'name="{field}"'.encode() in response.content


def test_the_admin_can_add_a_user(admin_client_):
    response = admin_client_.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "added_user",
            "email": "Added@Example.com",
            "usable_password": "true",
            "password1": "Added!Pass42",
            "password2": "Added!Pass42",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="added_user")
    assert user.email == "added@example.com"
    assert user.check_password("Added!Pass42")


def test_the_admin_refuses_a_taken_email(admin_client_, alice):
    response = admin_client_.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "added_user",
            "email": "ALICE@example.com",
            "usable_password": "true",
            "password1": "Added!Pass42",
            "password2": "Added!Pass42",
        },
    )

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="added_user").exists()


def test_the_block_changelist_works(admin_client_, alice, bob):
    BlockFactory(blocker=alice, blocked=bob)
    url = reverse("admin:accounts_block_changelist")

    response = admin_client_.get(url, {"q": "alice"})

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 1


def test_staff_without_superuser_rights_see_no_users(alice):
    staff = UserFactory(is_staff=True)
    client = Client()
    client.force_login(staff)

    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
