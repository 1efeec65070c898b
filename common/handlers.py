"""Django-level error views: answers outside DRF (unknown URLs, crashes) as envelopes."""

from django.http import JsonResponse

from common.codes import Code
from common.exceptions import error_body


def _envelope(status: int, code: Code) -> JsonResponse:
    return JsonResponse(error_body(code), status=status)


def bad_request(request, exception=None):
    return _envelope(400, Code.MALFORMED_REQUEST)


def permission_denied(request, exception=None):
    return _envelope(403, Code.PERMISSION_DENIED)


def page_not_found(request, exception=None):
    return _envelope(404, Code.NOT_FOUND)


def server_error(request):
    return _envelope(500, Code.SERVER_ERROR)
