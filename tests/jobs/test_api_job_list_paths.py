"""Every path of the job list (filters, search, ordering, pages, anonymous or not)
answers exactly as the view's filter backends and DRF's pagination answer over
querysets, in one query a page whose SQL text depends only on the request's shape."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from jobs.rows import job_rows_representation
from jobs.selectors import job_rows
from jobs.views import JobViewSet
from tests.common.list_reference import assert_same_answer, reference_answer
from tests.jobs.factories import (
    JobFactory,
    JobPictureFactory,
    SkillFactory,
    SubcategoryFactory,
    TimetableSlotFactory,
)
from tests.locations.factories import CityFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/jobs/"

PATHS = [
    {},
    {"page": "2"},
    {"page": "3"},  # past the end
    {"page": "last"},
    {"page": "-1"},
    {"page_size": "4", "page": "3"},
    {"page_size": "1000"},
    {"category": "CATEGORY"},
    {"subcategory": "SUBCATEGORY"},
    {"province": "PROVINCE"},
    {"city": "CITY"},
    {"skill": "SKILL"},
    {"owner": "OWNER"},
    {"owner": "me"},
    {"min_rating": "2"},
    {"min_rating": "0"},
    {"min_rating": "4.25"},
    {"category": "CATEGORY", "min_rating": "2", "ordering": "-average_rating"},
    {"city": "CITY", "skill": "SKILL", "owner": "me", "min_rating": "1", "page_size": "2"},
    {"category": "987654", "skill": "987654"},
    {"search": "python"},
    {"search": "python web"},  # every word, in the title, description or a skill
    {"search": "PYTHON, tiles"},
    {"search": '"small sites"'},
    {"search": "50%"},
    {"search": "nothing-like-it"},
    {"ordering": "title"},
    {"ordering": "-title"},
    {"ordering": "hourly_rate"},  # no rate last, both ways
    {"ordering": "-hourly_rate"},
    {"ordering": "average_rating,-created_at"},
    {"ordering": "-average_rating,title,-average_rating"},
    {"ordering": "nope"},
    {"ordering": "-hourly_rate", "search": "python", "province": "PROVINCE", "page": "2",
     "page_size": "3"},
    {"category": "abc"},  # 400s
    {"city": "99999999999999999999999"},
    {"owner": "you"},
    {"min_rating": "6"},
    {"min_rating": "NaN"},
    {"skill": "x", "min_rating": "-1", "search": "a"},
    {"search": "a\x00"},
]  # fmt: skip


@pytest.fixture
def catalogue(alice, bob):
    """30 jobs over two categories, cities in two provinces, two owners and skills,
    with ratings, rates (some none) and their children."""
    python, tiling = SkillFactory(title="Python"), SkillFactory(title="Tiling")
    tech = SubcategoryFactory(name="Software")
    home = SubcategoryFactory(name="Tiles")
    tehran = CityFactory(name="Tehran")
    shemiran = CityFactory(name="Shemiran", province=tehran.province)
    shiraz = CityFactory(name="Shiraz")
    titles = ["Django apps", "Websites 50% off", "Bathroom tiles", "Grouting", "Python web"]
    for index in range(30):
        job = JobFactory(
            owner=alice if index % 3 else bob,
            title=titles[index % 5],
            description="Small sites with Python scripts" if index % 4 == 0 else "Floors",
            subcategory=tech if index % 2 else home,
            city=(tehran, shemiran, shiraz)[index % 3],
            skills=[[python], [tiling], [python, tiling], []][index % 4],
            hourly_rate=None if index % 5 == 0 else Decimal(10 + index % 7),
        )
        job.average_rating = Decimal(index % 6) - Decimal("0.25") * (index % 2)
        job.save(update_fields=["average_rating"])
        if index % 7 == 0:
            JobPictureFactory(job=job, is_main=True)
            TimetableSlotFactory(job=job, day_of_week=index % 7)
    return {
        "CATEGORY": tech.category_id,
        "SUBCATEGORY": home.pk,
        "PROVINCE": tehran.province_id,
        "CITY": shemiran.pk,
        "SKILL": python.pk,
        "OWNER": bob.pk,
    }


@pytest.mark.parametrize("params", PATHS)
@pytest.mark.parametrize("who", ["alice", "anonymous"])
def test_every_path_answers_as_the_querysets_do(
    api_client, alice_client, alice, catalogue, params, who, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    params = {k: str(catalogue.get(v, v)) for k, v in params.items()}
    user, client = (alice, alice_client) if who == "alice" else (AnonymousUser(), api_client)
    expected = reference_answer(JobViewSet, LIST, params, user, job_rows, job_rows_representation)

    response = client.get(LIST, params)

    assert_same_answer(response, expected)


def test_a_page_is_one_statement_and_its_text_depends_only_on_the_shape(
    api_client, catalogue, django_assert_num_queries
):
    statements = []

    def note(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        for rating, search, page in (("1", "python", "1"), ("3.5", "tiles", "2")):
            shape = {"category": catalogue["CATEGORY"], "min_rating": rating, "search": search}
            with django_assert_num_queries(1):  # the page with the count
                api_client.get(LIST, {**shape, "page": page, "page_size": "2"})

    assert len(statements) == 2 and len(set(statements)) == 1
    assert "LIMIT %s OFFSET %s" in statements[0] and "python" not in statements[0].lower()


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tehran"])
def test_the_datetimes_read_as_text_in_utc_or_as_datetimes_in_another_zone(
    alice_client, alice, catalogue, zone
):
    params = {"category": str(catalogue["CATEGORY"]), "ordering": "-created_at"}
    with timezone.override(zone):
        expected = reference_answer(
            JobViewSet, LIST, params, alice, job_rows, job_rows_representation
        )
        response = alice_client.get(LIST, params)

    assert_same_answer(response, expected)
    offset = "Z" if zone == "UTC" else "+03:30"
    assert all(job["created_at"].endswith(offset) for job in response.json()["data"]["results"])
