import factory

from locations.models import Address, City, Country, Province
from tests.accounts.factories import UserFactory


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    name = factory.Sequence(lambda n: f"Country {n:04d}")


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province

    country = factory.SubFactory(CountryFactory)
    name = factory.Sequence(lambda n: f"Province {n:04d}")


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"City {n:04d}")


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    user = factory.SubFactory(UserFactory)
    city = factory.SubFactory(CityFactory)
    label = "Home"
    street = factory.Sequence(lambda n: f"{n} Main Street")
