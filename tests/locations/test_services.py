import csv
from io import StringIO

import pytest
from django.core.management import call_command

from locations.models import City, Country, Province
from locations.services import DATA_DIR, IRAN_PROVINCE_CODES, load_locations

pytestmark = pytest.mark.django_db


def _bundled_iran():
    with (DATA_DIR / "iran" / "provinces.csv").open(encoding="utf-8") as fh:
        provinces = {row["name"] for row in csv.DictReader(fh)}
    with (DATA_DIR / "iran" / "cities.csv").open(encoding="utf-8") as fh:
        cities = {(row["Province"], row["City"]) for row in csv.DictReader(fh) if row["City"]}
    return provinces, cities


def test_it_loads_iran_from_the_bundled_files_and_other_countries_from_pycountry():
    result = load_locations()

    provinces, cities = _bundled_iran()
    assert len(provinces) == 31
    assert len(cities) == 1132
    iran = Country.objects.get(code="IR")
    assert iran.name == "Iran"
    assert set(iran.provinces.values_list("name", flat=True)) == provinces
    assert set(City.objects.values_list("province__name", "name")) == cities
    assert set(iran.provinces.values_list("code", flat=True)) == set(IRAN_PROVINCE_CODES.values())
    assert Country.objects.count() == result.countries > 240
    assert Province.objects.count() == result.provinces > 3000
    assert City.objects.count() == result.cities == 1132
    # Other countries get their first-level subdivisions only (England, not Barnet).
    gb = set(Province.objects.filter(country__code="GB").values_list("code", flat=True))
    assert {"GB-ENG", "GB-SCT", "GB-NIR"} <= gb
    assert "GB-BNE" not in gb
    assert Province.objects.filter(country__code="US", name="California").exists()


def test_it_is_idempotent():
    load_locations()
    snapshot = (
        list(Country.objects.values_list("id", "code", "name")),
        list(Province.objects.values_list("id", "country_id", "name", "code")),
        list(City.objects.values_list("id", "province_id", "name")),
    )

    again = load_locations()

    assert (again.countries, again.provinces, again.cities) == (0, 0, 0)
    assert snapshot == (
        list(Country.objects.values_list("id", "code", "name")),
        list(Province.objects.values_list("id", "country_id", "name", "code")),
        list(City.objects.values_list("id", "province_id", "name")),
    )


def test_duplicate_subdivision_names_get_their_type_appended():
    load_locations()

    names = list(Province.objects.filter(country__code="AZ").values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert any(name.startswith("Lənkəran (") for name in names)


def test_the_command_reports_what_it_created():
    out = StringIO()
    call_command("load_locations", stdout=out)
    call_command("load_locations", stdout=out)

    first, second = out.getvalue().strip().splitlines()
    assert "1132 cities created" in first
    assert second == "Locations loaded: 0 countries, 0 provinces and 0 cities created."
