"""Writes of the locations app: loading the bundled reference data.

Countries and the first-level subdivisions of every country come from ``pycountry``
(the ISO 3166 data it ships). Iran is the exception: its 31 provinces and their cities
come from the CSV files bundled in ``locations/data/iran/`` (the places the original
marketplace shipped), so Iran's provinces are never taken from pycountry as well.
"""

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pycountry
from django.db import transaction

from locations.models import City, Country, Province

DATA_DIR = Path(__file__).resolve().parent / "data"
IRAN = "IR"

# ISO 3166-2 codes of the bundled Iranian provinces (the CSV names them in English).
IRAN_PROVINCE_CODES = {
    "Markazi": "IR-00",
    "Gilan": "IR-01",
    "Mazandaran": "IR-02",
    "East Azerbaijan": "IR-03",
    "West Azerbaijan": "IR-04",
    "Kermanshah": "IR-05",
    "Khuzestan": "IR-06",
    "Fars": "IR-07",
    "Kerman": "IR-08",
    "Razavi Khorasan": "IR-09",
    "Isfahan": "IR-10",
    "Sistan and Baluchestan": "IR-11",
    "Kurdistan": "IR-12",
    "Hamadan": "IR-13",
    "Chaharmahal and Bakhtiari": "IR-14",
    "Lorestan": "IR-15",
    "Ilam": "IR-16",
    "Kohgiluyeh and Boyer-Ahmad": "IR-17",
    "Bushehr": "IR-18",
    "Zanjan": "IR-19",
    "Semnan": "IR-20",
    "Yazd": "IR-21",
    "Hormozgan": "IR-22",
    "Tehran": "IR-23",
    "Ardabil": "IR-24",
    "Qom": "IR-25",
    "Qazvin": "IR-26",
    "Golestan": "IR-27",
    "North Khorasan": "IR-28",
    "South Khorasan": "IR-29",
    "Alborz": "IR-30",
}


@dataclass(frozen=True)
class LoadResult:
    """How many rows a load created (0 everywhere on a second run)."""

    countries: int
    provinces: int
    cities: int


def _country_name(country) -> str:
    """The short everyday name when pycountry has one ("Iran", not "Iran, Islamic ...")."""
    return getattr(country, "common_name", None) or country.name


def _iran_rows() -> tuple[list[str], list[tuple[str, str]]]:
    """Province names and (province, city) pairs from the bundled Iranian CSV files."""
    with (DATA_DIR / "iran" / "provinces.csv").open(encoding="utf-8", newline="") as fh:
        provinces = [row["name"].strip() for row in csv.DictReader(fh) if row.get("name")]
    with (DATA_DIR / "iran" / "cities.csv").open(encoding="utf-8", newline="") as fh:
        cities = [
            (row["Province"].strip(), row["City"].strip())
            for row in csv.DictReader(fh)
            if row.get("Province") and row.get("City")
        ]
    return provinces, cities


def _subdivision_provinces(country_ids: dict[str, int]) -> list[Province]:
    """First-level subdivisions of every country but Iran, from pycountry.

    A few countries list two top-level subdivisions with the same name (a city and
    the district around it); their type is appended so names stay unique per country.
    """
    top = [
        s
        for s in pycountry.subdivisions
        if s.parent_code is None and s.country_code != IRAN and s.country_code in country_ids
    ]
    seen = Counter((s.country_code, s.name) for s in top)
    return [
        Province(
            country_id=country_ids[s.country_code],
            code=s.code,
            name=s.name if seen[(s.country_code, s.name)] == 1 else f"{s.name} ({s.type})",
        )
        for s in top
    ]


def load_locations() -> LoadResult:
    """Load countries, provinces and cities idempotently; a second run creates nothing.

    Rows are matched on their natural unique keys (country code, province name within
    its country, city name within its province) with ``bulk_create(ignore_conflicts)``,
    so existing rows and their ids are kept as they are.
    """
    before = (Country.objects.count(), Province.objects.count(), City.objects.count())
    with transaction.atomic():
        Country.objects.bulk_create(
            [Country(code=c.alpha_2, name=_country_name(c)) for c in pycountry.countries],
            ignore_conflicts=True,
        )
        country_ids = dict(Country.objects.values_list("code", "id"))
        provinces = _subdivision_provinces(country_ids)
        iran_provinces, iran_cities = _iran_rows()
        provinces += [
            Province(
                country_id=country_ids[IRAN], name=name, code=IRAN_PROVINCE_CODES.get(name, "")
            )
            for name in iran_provinces
        ]
        Province.objects.bulk_create(provinces, ignore_conflicts=True, batch_size=1000)
        iran_ids = dict(
            Province.objects.filter(country_id=country_ids[IRAN]).values_list("name", "id")
        )
        City.objects.bulk_create(
            [
                City(province_id=iran_ids[province], name=city)
                for province, city in iran_cities
                if province in iran_ids
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
    after = (Country.objects.count(), Province.objects.count(), City.objects.count())
    return LoadResult(*(a - b for a, b in zip(after, before, strict=True)))
