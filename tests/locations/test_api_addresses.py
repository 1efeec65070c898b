import pytest
from django.urls import reverse

from common.codes import Code
from locations.models import Address
from tests.locations.factories import AddressFactory, CityFactory

pytestmark = pytest.mark.django_db

LIST = "api:address-list"
DETAIL = "api:address-detail"


@pytest.fixture
def city():
    return CityFactory(name="Shiraz", province__name="Fars")


@pytest.fixture
def alice_address(alice, city):
    return AddressFactory(user=alice, city=city, label="Home", street="1 Zand Street")


def test_alice_creates_an_address_and_its_province_comes_from_the_city(alice_client, alice, city):
    other_province = CityFactory().province

    response = alice_client.post(
        reverse(LIST),
        {"city": city.id, "label": "Work", "street": "5 Hafez Ave", "province": other_province.id},
    )

    assert response.status_code == 201
    body = response.json()
    assert body["code"] == Code.ADDRESS_CREATED
    data = body["data"]
    assert data["city"] == city.id
    assert data["city_name"] == "Shiraz"
    assert data["province"] == city.province_id
    assert data["province_name"] == "Fars"
    assert (data["label"], data["street"]) == ("Work", "5 Hafez Ave")
    address = Address.objects.get(pk=data["id"])
    assert (address.user_id, address.city_id) == (alice.id, city.id)


def test_alice_lists_only_her_addresses(alice_client, alice_address, bob):
    AddressFactory(user=bob)

    response = alice_client.get(reverse(LIST))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.ADDRESSES_LISTED
    assert [row["id"] for row in body["data"]["results"]] == [alice_address.id]


def test_alice_retrieves_updates_and_deletes_her_address(alice_client, alice_address):
    url = reverse(DETAIL, args=[alice_address.id])
    moved_to = CityFactory(name="Tabriz", province__name="East Azerbaijan")

    got = alice_client.get(url)
    patched = alice_client.patch(url, {"city": moved_to.id, "label": "Old home"})
    deleted = alice_client.delete(url)

    assert (got.status_code, got.json()["code"]) == (200, Code.ADDRESS_RETRIEVED)
    assert (patched.status_code, patched.json()["code"]) == (200, Code.ADDRESS_UPDATED)
    assert patched.json()["data"]["province"] == moved_to.province_id
    assert patched.json()["data"]["province_name"] == "East Azerbaijan"
    assert patched.json()["data"]["street"] == "1 Zand Street"
    assert deleted.status_code == 200
    assert deleted.json() == {
        "code": Code.ADDRESS_DELETED,
        "msg": Code.ADDRESS_DELETED.msg,
        "data": None,
    }
    assert not Address.objects.filter(pk=alice_address.id).exists()


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_bob_gets_404_for_alice_address(bob_client, alice_address, method):
    response = getattr(bob_client, method)(reverse(DETAIL, args=[alice_address.id]), {})

    assert response.status_code == 404
    assert response.json()["code"] == Code.ADDRESS_NOT_FOUND
    alice_address.refresh_from_db()
    assert alice_address.street == "1 Zand Street"


@pytest.mark.parametrize(
    ("method", "name"),
    [("get", LIST), ("post", LIST), ("get", DETAIL), ("patch", DETAIL), ("delete", DETAIL)],
)
def test_anonymous_gets_401(api_client, alice_address, method, name):
    url = reverse(name, args=[alice_address.id]) if name == DETAIL else reverse(name)

    response = getattr(api_client, method)(url, {})

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


def test_put_is_not_allowed(alice_client, alice_address):
    response = alice_client.put(reverse(DETAIL, args=[alice_address.id]), {})

    assert response.status_code == 405


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"street": "x"}, "city"),
        ({"city": "abc", "street": "x"}, "city"),
        ({"city": 999999, "street": "x"}, "city"),
        ({"city": None, "street": "x"}, "city"),
        ({"city": "CITY", "label": "x" * 51, "street": "x"}, "label"),
        ({"city": "CITY", "street": "x" * 256}, "street"),
        ({"city": "CITY"}, "street"),
        ({"city": "CITY", "street": ["a"]}, "street"),
    ],
)
def test_invalid_addresses_are_refused(alice_client, city, payload, field):
    payload = {k: city.id if v == "CITY" else v for k, v in payload.items()}

    response = alice_client.post(reverse(LIST), payload, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == Code.ADDRESS_CREATE_FAILED
    assert field in body["errors"]
    assert not Address.objects.exists()


def test_an_invalid_update_changes_nothing(alice_client, alice_address):
    response = alice_client.patch(
        reverse(DETAIL, args=[alice_address.id]), {"city": 0, "street": ""}
    )

    assert response.status_code == 400
    assert response.json()["code"] == Code.ADDRESS_UPDATE_FAILED
    assert set(response.json()["errors"]) == {"city", "street"}
    alice_address.refresh_from_db()
    assert alice_address.street == "1 Zand Street"


def test_malformed_json_is_a_400(alice_client):
    response = alice_client.generic(
        "POST", reverse(LIST), "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == Code.MALFORMED_REQUEST
    assert not Address.objects.exists()


@pytest.mark.parametrize("rows", [1, 25])
def test_address_list_costs_constant_queries(alice_client, alice, django_assert_num_queries, rows):
    AddressFactory.create_batch(rows, user=alice)

    # 1 the user of the token, 2 count, 3 the page joined to city and province
    with django_assert_num_queries(3):
        response = alice_client.get(reverse(LIST), {"page_size": 100})
    assert response.json()["data"]["count"] == rows


@pytest.mark.parametrize("city", ["1e400", "true", "1.0", '"12abc"', "[1]"])
def test_a_city_that_is_no_integer_id_is_a_400(alice_client, city):
    response = alice_client.generic(
        "POST", reverse(LIST), f'{{"city": {city}, "street": "x"}}', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == Code.ADDRESS_CREATE_FAILED
    assert "city" in response.json()["errors"]
