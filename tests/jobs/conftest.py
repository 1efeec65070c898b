import pytest

from tests.jobs.factories import JobFactory, SkillFactory, SubcategoryFactory
from tests.locations.factories import CityFactory


@pytest.fixture
def city(db):
    return CityFactory(name="Shiraz", province__name="Fars")


@pytest.fixture
def subcategory(db):
    return SubcategoryFactory(name="Plumbing", category__name="Home services")


@pytest.fixture
def alice_job(alice, city, subcategory):
    return JobFactory(
        owner=alice,
        title="Emergency plumber",
        description="Leaks fixed fast.",
        subcategory=subcategory,
        city=city,
        skills=[SkillFactory(title="Plumbing")],
    )
