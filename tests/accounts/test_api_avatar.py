"""PUT/DELETE /me/avatar/: the upload checks of common.images, seen through the avatar."""

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import User
from common.codes import Code
from tests.accounts.utils import assert_error, assert_success, image_bytes

pytestmark = pytest.mark.django_db

URL = reverse("api:me-avatar")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def put(alice_client, django_capture_on_commit_callbacks):
    def _put(content: bytes, name: str = "me.png", content_type: str = "image/png"):
        upload = SimpleUploadedFile(name, content, content_type=content_type)
        with django_capture_on_commit_callbacks(execute=True):
            return alice_client.put(URL, {"avatar": upload}, format="multipart")

    return _put


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` x ``height`` pixels but carries almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def stored_name(alice) -> str:
    alice.refresh_from_db()
    return alice.avatar.name


def test_it_stores_a_png_and_answers_the_private_profile(put, alice):
    data = assert_success(put(image_bytes("PNG"), name="holiday-photo.png"), 200, 129)

    name = stored_name(alice)
    assert name.startswith("avatars/") and name.endswith(".png")
    assert "holiday" not in name and "holiday" not in data["avatar"]
    assert data["avatar"] == f"http://testserver/media/{name}"
    assert data["id"] == alice.pk and "email" in data
    assert default_storage.exists(name)
    with default_storage.open(name) as stored, Image.open(stored) as image:
        assert image.format == "PNG"
        assert image.size == (16, 12)


@pytest.mark.parametrize(
    ("fmt", "extension"), [("JPEG", "jpg"), ("GIF", "gif"), ("WEBP", "webp"), ("PNG", "png")]
)
def test_every_supported_format_is_accepted(put, alice, fmt, extension):
    assert_success(put(image_bytes(fmt), name=f"pic.{extension}"), 200, Code.AVATAR_UPDATED)

    assert stored_name(alice).endswith(f".{extension}")


def test_the_type_comes_from_the_content_not_the_name(put, alice):
    assert_success(put(image_bytes("JPEG"), name="looks-like.png"), 200, Code.AVATAR_UPDATED)

    assert stored_name(alice).endswith(".jpg")


def test_exif_metadata_is_stripped(put, alice):
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc."  # Make
    exif[0x0132] = "2020:01:01 10:00:00"  # DateTime
    original = image_bytes("JPEG", exif=exif.tobytes())
    with Image.open(io.BytesIO(original)) as check:
        assert check.getexif().get(0x010F) == "SpyCam Inc."

    assert_success(put(original, name="exif.jpg", content_type="image/jpeg"), 200, 129)

    with default_storage.open(stored_name(alice)) as stored, Image.open(stored) as image:
        assert not image.getexif()
        assert "exif" not in image.info
    with default_storage.open(stored_name(alice)) as stored:
        assert b"SpyCam" not in stored.read()


def test_two_uploads_of_the_same_file_get_different_random_names(put, alice):
    put(image_bytes("PNG"))
    first = stored_name(alice)

    put(image_bytes("PNG"))

    assert stored_name(alice) != first


def test_a_new_avatar_deletes_the_previous_file(put, alice):
    put(image_bytes("PNG"))
    first = stored_name(alice)

    put(image_bytes("JPEG"), name="two.jpg")

    assert not default_storage.exists(first)
    assert default_storage.exists(stored_name(alice))


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"this is just text pretending to be an image", "fake.png"),
        (b"", "empty.png"),
        (b"%PDF-1.4 not an image", "doc.pdf"),
        (image_bytes("BMP"), "bitmap.bmp"),
        (image_bytes("PNG")[:40], "truncated.png"),
    ],
)
def test_a_file_that_is_not_a_supported_image_answers_400(put, alice, content, name):
    assert_error(put(content, name=name), 400, Code.IMAGE_INVALID)
    assert not stored_name(alice)


def test_a_fake_image_answers_400_code_921(put, alice):
    assert_error(put(b"GIF89a? no, plain text", name="fake.png"), 400, Code.IMAGE_INVALID)
    assert not stored_name(alice)


def test_an_oversize_file_answers_413(put, alice, settings):
    settings.UPLOAD_MAX_BYTES = 100
    big = image_bytes("PNG", size=(64, 64))
    assert len(big) > 100

    assert_error(put(big), 413, Code.PAYLOAD_TOO_LARGE)
    assert not stored_name(alice)


def test_too_many_pixels_answers_400_code_922(put, alice, settings):
    settings.UPLOAD_MAX_PIXELS = 100

    assert_error(put(image_bytes("PNG", size=(20, 20))), 400, Code.IMAGE_TOO_MANY_PIXELS)
    assert not stored_name(alice)


def test_a_pixel_bomb_header_answers_400_without_decoding(put, alice):
    # 10000 x 5000 = 50 megapixels declared in a file of a few bytes (limit 40).
    assert_error(put(png_header(10_000, 5_000)), 400, Code.IMAGE_TOO_MANY_PIXELS)
    assert not stored_name(alice)


def test_a_missing_file_answers_400(alice_client):
    response = alice_client.put(URL, {}, format="multipart")

    assert "avatar" in assert_error(response, 400, Code.IMAGE_INVALID)["errors"]


def test_a_text_field_instead_of_a_file_answers_400(alice_client):
    response = alice_client.put(URL, {"avatar": "not a file"}, format="multipart")

    assert_error(response, 400, Code.IMAGE_INVALID)


def test_a_json_body_answers_415(alice_client):
    response = alice_client.put(URL, {"avatar": "x"}, format="json")

    assert_error(response, 415, Code.UNSUPPORTED_MEDIA_TYPE)


def test_anonymous_gets_401(api_client, alice):
    upload = SimpleUploadedFile("a.png", image_bytes("PNG"), content_type="image/png")

    response = api_client.put(URL, {"avatar": upload}, format="multipart")

    assert_error(response, 401, Code.TOKEN_INVALID)
    assert_error(api_client.delete(URL), 401, Code.TOKEN_INVALID)


def test_the_avatar_shows_in_the_public_profile(put, alice, bob_client):
    put(image_bytes("PNG"))

    data = bob_client.get(reverse("api:user-detail", args=[alice.pk])).json()["data"]

    assert data["avatar"] == f"http://testserver/media/{stored_name(alice)}"


# --- DELETE ---------------------------------------------------------------------------


def test_delete_removes_the_avatar_and_its_file(
    put, alice, alice_client, django_capture_on_commit_callbacks
):
    put(image_bytes("PNG"))
    name = stored_name(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.delete(URL)

    assert assert_success(response, 200, Code.AVATAR_REMOVED) is None
    assert not stored_name(alice)
    assert not default_storage.exists(name)
    assert alice_client.get(reverse("api:me")).json()["data"]["avatar"] is None


def test_delete_without_an_avatar_is_fine(alice_client):
    assert_success(alice_client.delete(URL), 200, Code.AVATAR_REMOVED)


def test_deleting_the_account_deletes_the_avatar_file(
    put, alice, alice_client, django_capture_on_commit_callbacks
):
    put(image_bytes("PNG"))
    name = stored_name(alice)

    with django_capture_on_commit_callbacks(execute=True):
        alice_client.delete(reverse("api:me"), {"password": "Str0ng!Passw0rd"}, format="json")

    assert not User.objects.filter(pk=alice.pk).exists()
    assert not default_storage.exists(name)
