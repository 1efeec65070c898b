"""The JSON renderer that wraps every successful payload in the envelope (API.md §1.1).

Bodies are encoded with orjson, several times faster than the standard library on the
larger lists (a month view is tens of kilobytes), and byte for byte what DRF's
``JSONRenderer`` writes with our settings (compact, UTF-8, U+2028/U+2029 escaped), but
for floats far from the API's (ratings such as 4.67 come out alike; orjson writes
``1e-7`` where Python writes ``1e-07``, and ``null`` for NaN). Dates, times, decimals,
lazy strings and whatever else orjson does not encode itself go through DRF's own
encoder; a body orjson cannot encode at all (an integer beyond 64 bits, say) and an
indented rendering (``Accept: application/json; indent=4``) are left to DRF.
``tests/common/test_renderers.py`` checks the two agree.
"""

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

from common.codes import Code


def success_code(response, view) -> Code:
    """The code of a success: set on the response, declared by the view, or generic."""
    explicit = getattr(response, "code", None)
    if explicit is not None:
        return explicit
    declared = getattr(view, "success_codes", None) or {}
    action = getattr(view, "action", None)
    if action in declared:
        return declared[action]
    if response.status_code == 201:
        return Code.CREATED
    if getattr(getattr(view, "request", None), "method", "") == "DELETE":
        return Code.DELETED
    return Code.OK


class FragmentJSONEncoder(JSONEncoder):
    """DRF's encoder, which also writes an ``orjson.Fragment`` (JSON text that orjson
    writes as it is, e.g. the month view's events) for the renderings left to DRF."""

    def default(self, obj):
        if obj.__class__ is orjson.Fragment:
            return orjson.loads(orjson.dumps(obj))
        return super().default(obj)


class EnvelopeJSONRenderer(JSONRenderer):
    """Renders ``{code, msg, data}``; error bodies come ready from the exception handler."""

    encoder_class = FragmentJSONEncoder

    def render(self, data, accepted_media_type=None, renderer_context=None):
        context = renderer_context or {}
        response = context.get("response")
        if response is not None and response.status_code < 400:
            code = success_code(response, context.get("view"))
            msg = getattr(response, "msg", None) or code.msg
            data = {"code": int(code), "msg": msg, "data": data}
        if data is None or self.ensure_ascii or not self.compact:
            return super().render(data, accepted_media_type, renderer_context)
        if self.get_indent(accepted_media_type, context) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data, default=self.encoder_class().default, option=_OPTIONS)
        except orjson.JSONEncodeError:
            return super().render(data, accepted_media_type, renderer_context)
        if _LS_PS_LEAD not in body:  # one memchr() pass; most bodies have no such byte
            return body
        return body.replace(_LS, rb"\u2028").replace(_PS, rb"\u2029")


# Dates and times go to DRF's encoder (its ISO format with "Z"); int keys become strings.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
_LS, _PS = "\u2028".encode(), "\u2029".encode()
# The first byte of both in UTF-8 (and of every character from U+2000 to U+2FFF): a body
# without it has neither, which a search for one byte finds several times faster than
# the two replace() passes over a body without them (a month view is tens of kilobytes).
_LS_PS_LEAD = b"\xe2"
