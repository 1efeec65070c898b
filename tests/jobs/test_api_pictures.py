import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse

from common.codes import Code
from jobs.models import JobPicture
from jobs.services import MAX_PICTURES_PER_JOB
from tests.jobs.factories import JobFactory, JobPictureFactory, image_bytes, image_upload

pytestmark = pytest.mark.django_db

LIST = "api:job-picture-list"
DETAIL = "api:job-picture-detail"


def _upload(client, job, **extra):
    return client.post(
        reverse(LIST, args=[job.id]), {"image": image_upload(), **extra}, format="multipart"
    )


def _main_ids(job) -> list[int]:
    return list(JobPicture.objects.filter(job=job, is_main=True).values_list("id", flat=True))


def test_the_first_picture_becomes_the_main_one(alice_client, alice_job):
    response = _upload(alice_client, alice_job)

    assert response.status_code == 201
    body = response.json()
    assert body["code"] == Code.JOB_PICTURE_ADDED
    data = body["data"]
    assert set(data) == {"id", "image", "is_main"}
    assert data["is_main"] is True
    assert data["image"].startswith("http://testserver/media/jobs/")
    assert "photo" not in data["image"]  # stored under a random name
    assert _main_ids(alice_job) == [data["id"]]


def test_a_later_picture_is_not_main_unless_asked(alice_client, alice_job):
    first = _upload(alice_client, alice_job).json()["data"]
    second = _upload(alice_client, alice_job).json()["data"]
    third = _upload(alice_client, alice_job, is_main="true").json()["data"]

    assert second["is_main"] is False
    assert third["is_main"] is True
    assert _main_ids(alice_job) == [third["id"]]
    detail = alice_client.get(reverse("api:job-detail", args=[alice_job.id])).json()["data"]
    assert detail["main_picture"] == third["image"]
    assert [p["id"] for p in detail["pictures"]] == [first["id"], second["id"], third["id"]]


def test_patch_makes_a_picture_the_main_one(alice_client, alice_job):
    first = JobPictureFactory(job=alice_job, is_main=True)
    second = JobPictureFactory(job=alice_job)

    response = alice_client.patch(
        reverse(DETAIL, args=[alice_job.id, second.id]), {"is_main": True}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["code"] == Code.JOB_PICTURE_UPDATED
    assert response.json()["data"]["is_main"] is True
    assert _main_ids(alice_job) == [second.id]
    first.refresh_from_db()
    assert first.is_main is False


def test_deleting_the_main_picture_promotes_the_oldest_other(
    alice_client, alice_job, django_capture_on_commit_callbacks
):
    main = JobPictureFactory(job=alice_job, is_main=True)
    older = JobPictureFactory(job=alice_job)
    JobPictureFactory(job=alice_job)
    storage, name = main.image.storage, main.image.name

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.delete(reverse(DETAIL, args=[alice_job.id, main.id]))

    assert response.status_code == 200
    assert response.json() == {
        "code": Code.JOB_PICTURE_REMOVED,
        "msg": Code.JOB_PICTURE_REMOVED.msg,
        "data": None,
    }
    assert _main_ids(alice_job) == [older.id]
    assert not storage.exists(name)


def test_deleting_another_picture_keeps_the_main_one(alice_client, alice_job):
    main = JobPictureFactory(job=alice_job, is_main=True)
    other = JobPictureFactory(job=alice_job)

    alice_client.delete(reverse(DETAIL, args=[alice_job.id, other.id]))

    assert _main_ids(alice_job) == [main.id]
    assert JobPicture.objects.filter(job=alice_job).count() == 1


def test_deleting_the_last_picture_leaves_none(alice_client, alice_job):
    only = JobPictureFactory(job=alice_job, is_main=True)

    alice_client.delete(reverse(DETAIL, args=[alice_job.id, only.id]))

    assert not JobPicture.objects.filter(job=alice_job).exists()


def test_bob_may_not_touch_alice_pictures(bob_client, alice_job):
    picture = JobPictureFactory(job=alice_job, is_main=True)

    added = _upload(bob_client, alice_job)
    patched = bob_client.patch(
        reverse(DETAIL, args=[alice_job.id, picture.id]), {"is_main": True}, format="json"
    )
    deleted = bob_client.delete(reverse(DETAIL, args=[alice_job.id, picture.id]))

    for response in (added, patched, deleted):
        assert response.status_code == 403
        assert response.json()["code"] == Code.JOB_NOT_OWNER
    assert list(JobPicture.objects.filter(job=alice_job)) == [picture]


def test_anonymous_may_not_touch_pictures(api_client, alice_job):
    picture = JobPictureFactory(job=alice_job, is_main=True)

    added = _upload(api_client, alice_job)
    deleted = api_client.delete(reverse(DETAIL, args=[alice_job.id, picture.id]))

    for response in (added, deleted):
        assert response.status_code == 401
        assert response.json()["code"] == Code.TOKEN_INVALID
    assert JobPicture.objects.filter(job=alice_job).count() == 1


def test_unknown_jobs_and_pictures_are_404(alice_client, alice_job, alice):
    other_job_picture = JobPictureFactory(job=JobFactory(owner=alice))

    no_job = _upload(alice_client, JobFactory.build(id=999999))
    wrong_job = alice_client.delete(reverse(DETAIL, args=[alice_job.id, other_job_picture.id]))
    no_picture = alice_client.delete(reverse(DETAIL, args=[alice_job.id, 999999]))

    assert (no_job.status_code, no_job.json()["code"]) == (404, Code.JOB_NOT_FOUND)
    assert (wrong_job.status_code, wrong_job.json()["code"]) == (404, Code.JOB_PICTURE_NOT_FOUND)
    assert (no_picture.status_code, no_picture.json()["code"]) == (
        404,
        Code.JOB_PICTURE_NOT_FOUND,
    )
    assert JobPicture.objects.filter(pk=other_job_picture.pk).exists()


def test_a_missing_image_is_a_400(alice_client, alice_job):
    response = alice_client.post(reverse(LIST, args=[alice_job.id]), {}, format="multipart")

    assert response.status_code == 400
    assert response.json()["code"] == Code.JOB_PICTURE_INVALID
    assert "image" in response.json()["errors"]


def test_an_image_sent_as_json_is_a_400(alice_client, alice_job):
    response = alice_client.post(
        reverse(LIST, args=[alice_job.id]), {"image": "http://x/y.png"}, format="json"
    )

    assert response.status_code == 400
    assert "image" in response.json()["errors"]
    assert not JobPicture.objects.exists()


def test_a_file_that_is_no_image_is_a_400(alice_client, alice_job):
    fake = SimpleUploadedFile("evil.png", b"<?php echo 1; ?>", content_type="image/png")

    response = alice_client.post(
        reverse(LIST, args=[alice_job.id]), {"image": fake}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["code"] == Code.IMAGE_INVALID
    assert not JobPicture.objects.exists()


@override_settings(UPLOAD_MAX_BYTES=50)
def test_an_image_over_the_byte_cap_is_a_413(alice_client, alice_job):
    big = SimpleUploadedFile("big.png", image_bytes(size=(64, 64)), content_type="image/png")

    response = alice_client.post(
        reverse(LIST, args=[alice_job.id]), {"image": big}, format="multipart"
    )

    assert response.status_code == 413
    assert response.json()["code"] == Code.PAYLOAD_TOO_LARGE
    assert not JobPicture.objects.exists()


def test_a_job_holds_at_most_ten_pictures(alice_client, alice_job):
    JobPictureFactory(job=alice_job, is_main=True)
    JobPictureFactory.create_batch(MAX_PICTURES_PER_JOB - 1, job=alice_job)

    response = _upload(alice_client, alice_job)

    assert response.status_code == 400
    assert response.json()["code"] == Code.JOB_PICTURE_LIMIT
    assert JobPicture.objects.filter(job=alice_job).count() == MAX_PICTURES_PER_JOB


def test_a_bad_is_main_is_a_400(alice_client, alice_job):
    picture = JobPictureFactory(job=alice_job, is_main=True)

    response = alice_client.patch(
        reverse(DETAIL, args=[alice_job.id, picture.id]), {"is_main": "maybe"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == Code.JOB_PICTURE_INVALID
    assert "is_main" in response.json()["errors"]


def test_the_database_allows_one_main_picture_per_job(alice_job):
    JobPictureFactory(job=alice_job, is_main=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        JobPictureFactory(job=alice_job, is_main=True)
