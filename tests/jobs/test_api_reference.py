import pytest
from django.urls import reverse

from common.codes import Code
from tests.jobs.factories import CategoryFactory, SkillFactory, SubcategoryFactory

pytestmark = pytest.mark.django_db


def test_categories_are_listed_unpaged_with_their_subcategories(api_client):
    home = CategoryFactory(name="Home")
    tech = CategoryFactory(name="Tech")
    plumbing = SubcategoryFactory(category=home, name="Plumbing")
    cleaning = SubcategoryFactory(category=home, name="Cleaning")

    response = api_client.get(reverse("api:job-category-list"))

    assert response.status_code == 200
    assert response.json() == {
        "code": Code.JOB_CATEGORIES_LISTED,
        "msg": Code.JOB_CATEGORIES_LISTED.msg,
        "data": [
            {
                "id": home.id,
                "name": "Home",
                "subcategories": [
                    {"id": cleaning.id, "name": "Cleaning"},
                    {"id": plumbing.id, "name": "Plumbing"},
                ],
            },
            {"id": tech.id, "name": "Tech", "subcategories": []},
        ],
    }


@pytest.mark.parametrize("rows", [1, 20])
def test_categories_cost_two_queries(api_client, django_assert_num_queries, rows):
    for category in CategoryFactory.create_batch(rows):
        SubcategoryFactory.create_batch(3, category=category)

    # 1 categories, 2 their subcategories
    with django_assert_num_queries(2):
        response = api_client.get(reverse("api:job-category-list"))

    assert len(response.json()["data"]) == rows


def test_skills_are_listed_by_title_and_searchable(api_client):
    django, python = SkillFactory(title="Django"), SkillFactory(title="Python")
    SkillFactory(title="Tiling")

    everything = api_client.get(reverse("api:skill-list"))
    searched = api_client.get(reverse("api:skill-list"), {"search": "PY"})

    assert everything.status_code == 200
    assert everything.json()["code"] == Code.SKILLS_LISTED
    assert [s["title"] for s in everything.json()["data"]["results"]][:2] == ["Django", "Python"]
    assert searched.json()["data"]["results"] == [{"id": python.id, "title": "Python"}]
    assert django.id != python.id


@pytest.mark.parametrize("rows", [1, 30])
def test_skills_cost_two_queries(api_client, django_assert_num_queries, rows):
    SkillFactory.create_batch(rows)

    # 1 count, 2 the page
    with django_assert_num_queries(2):
        response = api_client.get(reverse("api:skill-list"), {"page_size": 100})

    assert response.json()["data"]["count"] == rows
