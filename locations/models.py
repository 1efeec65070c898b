"""Places: countries, their first-level subdivisions (provinces), cities, user addresses.

Countries, provinces and cities are reference data loaded by ``load_locations``
(:mod:`locations.services`); addresses belong to users (API.md §7).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.models import TimeStamped


class Country(models.Model):
    """A country, keyed by its ISO 3166-1 alpha-2 code (upper-case)."""

    code = models.CharField(max_length=2, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "countries"
        indexes = [models.Index(fields=["name", "id"], name="locations_country_name_idx")]

    def __str__(self) -> str:
        return self.name


class Province(models.Model):
    """A country's first-level subdivision (province, state, region...).

    ``code`` is the ISO 3166-2 code when known (else empty); names are unique within a country.
    """

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="provinces")
    name = models.CharField(max_length=100)
    code = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name"], name="province_country_name_unique"
            ),
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="province_code_unique"
            ),
        ]
        indexes = [models.Index(fields=["name", "id"], name="locations_province_name_idx")]

    def __str__(self) -> str:
        return self.name


class City(models.Model):
    """A city of a province; names are unique within a province."""

    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="cities")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "cities"
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="city_province_name_unique"),
        ]
        indexes = [models.Index(fields=["name", "id"], name="locations_city_name_idx")]

    def __str__(self) -> str:
        return self.name


class Address(TimeStamped):
    """A postal address of ``user``; its province is the city's (never stored twice)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses"
    )
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="addresses")
    label = models.CharField(max_length=50, blank=True)
    street = models.CharField(max_length=255)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return f"{self.label or 'Address'}: {self.street}"
