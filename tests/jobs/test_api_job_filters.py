from decimal import Decimal

import pytest
from django.urls import reverse

from common.codes import Code
from tests.jobs.factories import (
    JobFactory,
    JobPictureFactory,
    SkillFactory,
    SubcategoryFactory,
    TimetableSlotFactory,
)
from tests.locations.factories import CityFactory

pytestmark = pytest.mark.django_db

LIST = "api:job-list"


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["data"]["results"]]


@pytest.fixture
def catalogue(alice, bob):
    """Four jobs spread over two categories, two provinces, owners and skills."""
    python, tiling = SkillFactory(title="Python"), SkillFactory(title="Tiling")
    tech = SubcategoryFactory(name="Software")
    web = SubcategoryFactory(name="Web", category=tech.category)
    home = SubcategoryFactory(name="Tiles")
    tehran = CityFactory(name="Tehran")
    shemiran = CityFactory(name="Shemiran", province=tehran.province)
    shiraz = CityFactory(name="Shiraz")
    jobs = {
        "django": JobFactory(
            owner=alice, title="Django apps", description="Web backends",
            subcategory=tech, city=tehran, skills=[python], hourly_rate=Decimal("50"),
        ),
        "site": JobFactory(
            owner=alice, title="Websites", description="Small sites with Python scripts",
            subcategory=web, city=shemiran, skills=[python, tiling], hourly_rate=None,
        ),
        "tiles": JobFactory(
            owner=bob, title="Bathroom tiles", description="Floors and walls",
            subcategory=home, city=shiraz, skills=[tiling], hourly_rate=Decimal("20"),
        ),
        "grout": JobFactory(
            owner=bob, title="Grouting", description="Fix old grout",
            subcategory=home, city=shiraz, hourly_rate=Decimal("35"),
        ),
    }  # fmt: skip
    ratings = {"django": ("4.50", 2), "site": ("3.00", 1), "tiles": ("5.00", 3), "grout": ("0", 0)}
    for key, (average, count) in ratings.items():
        jobs[key].average_rating, jobs[key].review_count = Decimal(average), count
        jobs[key].save(update_fields=["average_rating", "review_count"])
    return {
        "jobs": jobs,
        "python": python,
        "tiling": tiling,
        "tech": tech,
        "web": web,
        "home": home,
        "tehran": tehran,
        "shiraz": shiraz,
    }


@pytest.mark.parametrize(
    ("param", "expected"),
    [
        ("category", ["site", "django"]),
        ("subcategory", ["site"]),
        ("province", ["site", "django"]),
        ("city", ["tiles", "grout"]),
        ("skill", ["site", "django"]),
    ],
)
def test_it_filters_by_id(api_client, catalogue, param, expected):
    jobs = catalogue["jobs"]
    value = {
        "category": catalogue["tech"].category_id,
        "subcategory": catalogue["web"].id,
        "province": catalogue["tehran"].province_id,
        "city": catalogue["shiraz"].id,
        "skill": catalogue["python"].id,
    }[param]

    response = api_client.get(reverse(LIST), {param: value, "ordering": "-title"})

    assert _ids(response) == [
        jobs[k].id for k in sorted(expected, key=lambda k: jobs[k].title, reverse=True)
    ]  # noqa: E501


def test_filters_combine(api_client, catalogue):
    jobs = catalogue["jobs"]

    response = api_client.get(
        reverse(LIST),
        {"skill": catalogue["tiling"].id, "category": catalogue["home"].category_id},
    )

    assert _ids(response) == [jobs["tiles"].id]


def test_it_filters_by_owner_id_and_me(api_client, alice_client, catalogue, bob):
    jobs = catalogue["jobs"]

    by_id = api_client.get(reverse(LIST), {"owner": bob.id, "ordering": "title"})
    mine = alice_client.get(reverse(LIST), {"owner": "me", "ordering": "title"})

    assert _ids(by_id) == [jobs["tiles"].id, jobs["grout"].id]
    assert _ids(mine) == [jobs["django"].id, jobs["site"].id]


def test_owner_me_needs_a_token(api_client, catalogue):
    response = api_client.get(reverse(LIST), {"owner": "me"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == Code.JOBS_FILTER_INVALID
    assert "owner" in body["errors"]


def test_min_rating_keeps_jobs_rated_at_least_that(api_client, catalogue):
    jobs = catalogue["jobs"]

    response = api_client.get(reverse(LIST), {"min_rating": "4.5", "ordering": "-average_rating"})

    assert _ids(response) == [jobs["tiles"].id, jobs["django"].id]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("django", ["django"]),
        ("BACKENDS", ["django"]),
        ("python", ["site", "django"]),
        ("tiling", ["tiles", "site"]),
        ("grout", ["grout"]),
        ("web python", ["site", "django"]),
        ("nothing-like-this", []),
    ],
)
def test_search_matches_title_description_and_skills(api_client, catalogue, term, expected):
    jobs = catalogue["jobs"]

    response = api_client.get(reverse(LIST), {"search": term, "ordering": "-title"})

    wanted = sorted((jobs[k] for k in expected), key=lambda j: j.title, reverse=True)
    assert _ids(response) == [j.id for j in wanted]


def test_search_lists_a_job_once_when_several_skills_match(api_client, catalogue):
    jobs = catalogue["jobs"]
    jobs["site"].skills.add(SkillFactory(title="Python 3"), SkillFactory(title="MicroPython"))

    response = api_client.get(reverse(LIST), {"search": "python"})

    assert sorted(_ids(response)) == sorted([jobs["django"].id, jobs["site"].id])
    assert response.json()["data"]["count"] == 2


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("average_rating", ["grout", "site", "django", "tiles"]),
        ("-average_rating", ["tiles", "django", "site", "grout"]),
        ("hourly_rate", ["tiles", "grout", "django", "site"]),
        ("-hourly_rate", ["django", "grout", "tiles", "site"]),
        ("title", ["tiles", "django", "grout", "site"]),
        ("-title", ["site", "grout", "django", "tiles"]),
        ("created_at", ["django", "site", "tiles", "grout"]),
        ("-created_at", ["grout", "tiles", "site", "django"]),
        ("not_a_field", ["grout", "tiles", "site", "django"]),
    ],
)
def test_it_orders_by_the_documented_fields(api_client, catalogue, ordering, expected):
    jobs = catalogue["jobs"]

    response = api_client.get(reverse(LIST), {"ordering": ordering})

    assert _ids(response) == [jobs[k].id for k in expected]


def test_equal_keys_are_ordered_by_id_in_the_same_direction(api_client, alice):
    jobs = JobFactory.create_batch(3, owner=alice, title="Same")

    up = api_client.get(reverse(LIST), {"ordering": "title"})
    down = api_client.get(reverse(LIST), {"ordering": "-title"})

    assert _ids(up) == [j.id for j in jobs]
    assert _ids(down) == [j.id for j in reversed(jobs)]


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("category", "abc"),
        ("subcategory", "1.5"),
        ("province", "-1"),
        ("city", "99999999999999999999999"),
        ("skill", "x"),
        ("owner", "you"),
        ("owner", "0"),
        ("min_rating", "abc"),
        ("min_rating", "6"),
        ("min_rating", "-1"),
        ("min_rating", "NaN"),
    ],
)
def test_malformed_filters_are_a_400(api_client, catalogue, param, value):
    response = api_client.get(reverse(LIST), {param: value})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == Code.JOBS_FILTER_INVALID
    assert param in body["errors"]


def test_unknown_ids_give_an_empty_page(api_client, catalogue):
    response = api_client.get(reverse(LIST), {"category": 987654, "skill": 987654})

    assert _ids(response) == []


def _with_everything(job, skill):
    job.skills.add(skill)
    JobPictureFactory(job=job, is_main=True)
    JobPictureFactory(job=job)
    TimetableSlotFactory(job=job, day_of_week=1)
    TimetableSlotFactory(job=job, day_of_week=4)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_costs_the_same_queries_at_1_and_50_jobs_with_every_filter(
    alice_client, alice, django_assert_num_queries, rows
):
    skill, city, subcategory = SkillFactory(title="Python"), CityFactory(), SubcategoryFactory()
    for _ in range(rows):
        job = JobFactory(owner=alice, city=city, subcategory=subcategory, title="Python dev")
        job.average_rating = Decimal("4.00")
        job.save(update_fields=["average_rating"])
        _with_everything(job, skill)
    JobFactory()  # filtered out
    params = {
        "category": subcategory.category_id,
        "subcategory": subcategory.id,
        "province": city.province_id,
        "city": city.id,
        "skill": skill.id,
        "owner": "me",
        "min_rating": "3.5",
        "search": "python",
        "ordering": "-average_rating",
        "page_size": 100,
    }

    # 1 the token's user, 2 the page (filtered and ordered) with the count, joined to
    # owner, subcategory, category, city and province, with each job's skills,
    # pictures and timetable slots
    with django_assert_num_queries(2):
        response = alice_client.get(reverse(LIST), params)

    assert response.json()["data"]["count"] == rows
    item = response.json()["data"]["results"][0]
    assert item["main_picture"] is not None
    assert len(item["pictures"]) == 2
    assert len(item["timetable"]) == 2


@pytest.mark.parametrize("rows", [1, 50])
def test_the_anonymous_list_costs_one_query(api_client, django_assert_num_queries, rows):
    skill = SkillFactory()
    for job in JobFactory.create_batch(rows):
        _with_everything(job, skill)

    # 1 the page with the count, its joins, skills, pictures and timetable slots
    with django_assert_num_queries(1):
        response = api_client.get(reverse(LIST), {"page_size": 100})

    assert response.json()["data"]["count"] == rows


def test_the_detail_costs_constant_queries(api_client, alice_job, django_assert_num_queries):
    _with_everything(alice_job, SkillFactory())

    # 1 the job with its joins, 2 skills, 3 pictures, 4 timetable slots
    with django_assert_num_queries(4):
        response = api_client.get(reverse("api:job-detail", args=[alice_job.id]))

    assert response.status_code == 200


@pytest.mark.parametrize("page", ["99", "3", "0", "-1", "x", "1.5", str(10**30)])
def test_a_page_past_the_end_is_the_generic_404(api_client, catalogue, page):
    response = api_client.get(reverse(LIST), {"page": page, "page_size": 2})

    assert response.status_code == 404
    assert response.json()["code"] == Code.NOT_FOUND


def test_pages_link_to_each_other_and_count_the_filtered_jobs(api_client, catalogue):
    params = {
        "ordering": "title",
        "page_size": 1,
        "province": catalogue["jobs"]["tiles"].city.province_id,
    }
    first = api_client.get(reverse(LIST), params).json()["data"]
    last = api_client.get(reverse(LIST), {**params, "page": "last"}).json()["data"]
    second = api_client.get(first["next"]).json()["data"]

    assert first["count"] == second["count"] == last["count"] == 2
    assert first["previous"] is None
    assert [first["results"][0]["title"], second["results"][0]["title"]] == [
        "Bathroom tiles",
        "Grouting",
    ]
    assert second["next"] is None and last["next"] is None
    assert second["previous"] == last["previous"]
    assert "page=" not in second["previous"] and "page_size=1" in second["previous"]
    assert last["results"] == second["results"]


def test_an_empty_result_is_one_empty_page(api_client, catalogue):
    response = api_client.get(reverse(LIST), {"search": "nothing matches this"})

    assert response.json()["data"] == {"count": 0, "next": None, "previous": None, "results": []}
