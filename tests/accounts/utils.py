"""Helpers of the accounts tests: mail links, images, error assertions."""

import io
import re
from urllib.parse import parse_qs, urlsplit

from django.core import mail
from PIL import Image


def assert_error(response, status: int, code: int) -> dict:
    """The response is an error envelope with this status and code; returns the body."""
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code, body
    assert set(body) == {"code", "msg", "errors"}
    assert isinstance(body["msg"], str) and body["msg"]
    return body


def assert_success(response, status: int, code: int):
    """The response is a success envelope with this status and code; returns ``data``."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "msg", "data"}
    assert body["code"] == code, body
    return body["data"]


def link_in(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    return match.group(0)


def link_params(message: mail.EmailMessage) -> tuple[str, dict[str, str]]:
    """``(path, query)`` of the one link of a mail."""
    parts = urlsplit(link_in(message))
    return parts.path, {key: values[0] for key, values in parse_qs(parts.query).items()}


def image_bytes(fmt: str = "PNG", size=(16, 12), exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 60))
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()
