"""The one image-upload check every upload in Kith goes through (API.md §1.3).

The type is decided by decoding with Pillow, never by the file name or the client's
content type. The byte cap answers 413, an unsupported or broken image and one with too
many pixels answer 400. Accepted images are re-encoded, which drops EXIF and any other
metadata, and get a random file name.
"""

import io
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError
from rest_framework import serializers

from common.codes import Code
from common.exceptions import PayloadTooLarge, ValidationFailed

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def _open(upload) -> Image.Image:
    upload.seek(0)
    try:
        image = Image.open(upload)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationFailed(Code.IMAGE_INVALID) from None
    if image.format not in ALLOWED_FORMATS:
        raise ValidationFailed(Code.IMAGE_INVALID)
    width, height = image.size
    if width * height > settings.UPLOAD_MAX_PIXELS:
        raise ValidationFailed(Code.IMAGE_TOO_MANY_PIXELS)
    return image


def _reencode(image: Image.Image) -> bytes:
    """Decode the whole image and write it again without metadata."""
    fmt = image.format
    out = io.BytesIO()
    if fmt == "GIF":
        frames = getattr(image, "n_frames", 1)
        image.save(out, format="GIF", save_all=frames > 1)
        return out.getvalue()
    clean = ImageOps.exif_transpose(image)  # keep the orientation the EXIF asked for
    if fmt == "JPEG":
        if clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        clean.save(out, format="JPEG", quality=90, optimize=True)
    elif fmt == "WEBP":
        clean.save(out, format="WEBP", quality=90)
    else:
        clean.save(out, format="PNG", optimize=True)
    return out.getvalue()


def clean_image(upload) -> ContentFile:
    """Validate an uploaded file and return a metadata-free copy with a random name."""
    size = getattr(upload, "size", None)
    if size is not None and size > settings.UPLOAD_MAX_BYTES:
        raise PayloadTooLarge()
    image = _open(upload)
    extension = ALLOWED_FORMATS[image.format]
    try:
        data = _reencode(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationFailed(Code.IMAGE_INVALID) from None
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{extension}")


class ImageUploadField(serializers.ImageField):
    """A serializer field for image uploads that runs :func:`clean_image`."""

    def to_internal_value(self, data):
        if not hasattr(data, "read"):
            raise serializers.ValidationError("Upload a file (multipart/form-data).")
        return clean_image(data)
