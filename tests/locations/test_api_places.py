import pytest
from django.urls import reverse

from common.codes import Code
from tests.locations.factories import CityFactory, CountryFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    iran = CountryFactory(code="IR", name="Iran")
    france = CountryFactory(code="FR", name="France")
    tehran = ProvinceFactory(country=iran, name="Tehran")
    fars = ProvinceFactory(country=iran, name="Fars")
    idf = ProvinceFactory(country=france, name="Île-de-France")
    return {
        "iran": iran,
        "france": france,
        "tehran": tehran,
        "fars": fars,
        "idf": idf,
        "cities": [
            CityFactory(province=tehran, name="Tehran"),
            CityFactory(province=tehran, name="Shemiran"),
            CityFactory(province=fars, name="Shiraz"),
            CityFactory(province=idf, name="Paris"),
        ],
    }


def _names(response):
    return [row["name"] for row in response.json()["data"]["results"]]


def test_countries_are_listed_anonymously_and_searchable(api_client, places):
    response = api_client.get(reverse("api:country-list"), {"search": "ira"})

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.COUNTRIES_LISTED
    assert body["data"]["results"] == [{"id": places["iran"].id, "code": "IR", "name": "Iran"}]


def test_provinces_are_listed_anonymously_by_name(api_client, places):
    response = api_client.get(reverse("api:province-list"))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.PROVINCES_LISTED
    assert body["data"]["count"] == 3
    assert _names(response) == ["Fars", "Tehran", "Île-de-France"]
    assert body["data"]["results"][0] == {
        "id": places["fars"].id,
        "name": "Fars",
        "country": places["iran"].id,
        "country_code": "IR",
        "code": "",
    }


@pytest.mark.parametrize("country", ["IR", "ir", "iran-id"])
def test_provinces_filter_by_country_id_or_iso_code(api_client, places, country):
    value = places["iran"].id if country == "iran-id" else country

    response = api_client.get(reverse("api:province-list"), {"country": value})

    assert response.status_code == 200
    assert _names(response) == ["Fars", "Tehran"]


def test_provinces_of_an_unknown_country_are_an_empty_page(api_client, places):
    response = api_client.get(reverse("api:province-list"), {"country": "ZZ"})

    assert response.status_code == 200
    assert response.json()["data"]["count"] == 0


@pytest.mark.parametrize("country", ["IRN", "1.5", "-3", "I", "99999999999999999999999"])
def test_a_malformed_country_filter_is_a_400(api_client, places, country):
    response = api_client.get(reverse("api:province-list"), {"country": country})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == Code.LOCATIONS_FILTER_INVALID
    assert "country" in body["errors"]


def test_provinces_are_searchable(api_client, places):
    response = api_client.get(reverse("api:province-list"), {"search": "FRANCE"})

    assert _names(response) == ["Île-de-France"]


def test_same_named_provinces_are_ordered_by_id(api_client, places):
    twin = ProvinceFactory(country=places["france"], name="Fars")

    response = api_client.get(reverse("api:province-list"), {"search": "fars"})

    assert [row["id"] for row in response.json()["data"]["results"]] == [
        places["fars"].id,
        twin.id,
    ]


def test_cities_filter_by_province_and_search(api_client, places):
    url = reverse("api:city-list")

    by_province = api_client.get(url, {"province": places["tehran"].id})
    searched = api_client.get(url, {"province": places["tehran"].id, "search": "shem"})
    by_country = api_client.get(url, {"country": "fr"})

    assert by_province.status_code == 200
    assert by_province.json()["code"] == Code.CITIES_LISTED
    assert _names(by_province) == ["Shemiran", "Tehran"]
    assert searched.json()["data"]["results"] == [
        {
            "id": places["cities"][1].id,
            "name": "Shemiran",
            "province": places["tehran"].id,
            "province_name": "Tehran",
        }
    ]
    assert _names(by_country) == ["Paris"]


@pytest.mark.parametrize("province", ["abc", "1.5", "0", "99999999999999999999999"])
def test_a_malformed_province_filter_is_a_400(api_client, places, province):
    response = api_client.get(reverse("api:city-list"), {"province": province})

    assert response.status_code == 400
    assert response.json()["code"] == Code.LOCATIONS_FILTER_INVALID
    assert "province" in response.json()["errors"]


def test_cities_are_paged(api_client, places):
    response = api_client.get(reverse("api:city-list"), {"page_size": 2})

    data = response.json()["data"]
    assert data["count"] == 4
    assert len(data["results"]) == 2
    assert data["next"] is not None


def test_a_broken_token_is_refused_even_on_public_lists(api_client, places):
    """Reference lists are anonymous, but a broken token still answers 401."""
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    response = api_client.get(reverse("api:city-list"))

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


@pytest.mark.parametrize("rows", [1, 30])
def test_place_lists_cost_constant_queries(api_client, django_assert_num_queries, rows):
    province = ProvinceFactory()
    CityFactory.create_batch(rows, province=province)
    ProvinceFactory.create_batch(rows - 1, country=province.country)

    # cities: 1 count, 1 page of cities joined to their province
    with django_assert_num_queries(2):
        response = api_client.get(
            reverse("api:city-list"), {"country": province.country.code, "page_size": 100}
        )
    assert response.json()["data"]["count"] == rows
    # provinces: 1 count, 1 page of provinces joined to their country
    with django_assert_num_queries(2):
        response = api_client.get(reverse("api:province-list"), {"page_size": 100})
    assert response.json()["data"]["count"] == rows
