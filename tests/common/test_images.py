import io

import pytest
from PIL import Image

from common.codes import Code
from common.exceptions import PayloadTooLarge, ValidationFailed
from common.images import clean_image


def _upload(fmt: str = "PNG", size=(8, 8), **save_args) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(buffer, format=fmt, **save_args)
    buffer.seek(0)
    buffer.name = "holiday-photo.png"
    buffer.size = len(buffer.getvalue())
    return buffer


@pytest.mark.parametrize(
    ("fmt", "ext"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp"), ("GIF", "gif")]
)
def test_supported_images_are_kept_under_a_random_name(fmt, ext):
    cleaned = clean_image(_upload(fmt))

    assert cleaned.name.endswith(f".{ext}")
    assert "holiday" not in cleaned.name
    assert Image.open(io.BytesIO(cleaned.read())).format == fmt


def test_exif_is_stripped():
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    cleaned = clean_image(_upload("JPEG", exif=exif.tobytes()))

    reopened = Image.open(io.BytesIO(cleaned.read()))
    assert dict(reopened.getexif()) == {}


def test_a_text_file_named_png_is_refused():
    fake = io.BytesIO(b"definitely not an image")
    fake.size = 23

    with pytest.raises(ValidationFailed) as error:
        clean_image(fake)
    assert error.value.code == Code.IMAGE_INVALID


def test_other_image_formats_are_refused():
    with pytest.raises(ValidationFailed) as error:
        clean_image(_upload("BMP"))
    assert error.value.code == Code.IMAGE_INVALID


def test_too_many_pixels_is_refused_before_decoding(settings):
    settings.UPLOAD_MAX_PIXELS = 50

    with pytest.raises(ValidationFailed) as error:
        clean_image(_upload(size=(10, 10)))
    assert error.value.code == Code.IMAGE_TOO_MANY_PIXELS


def test_over_the_byte_cap_is_a_413(settings):
    settings.UPLOAD_MAX_BYTES = 10

    with pytest.raises(PayloadTooLarge):
        clean_image(_upload())
