"""Django middleware of the API: idempotent retries of POST requests.

A middleware rather than a view mixin, so every POST endpoint of the API honours the
``Idempotency-Key`` header without any of the apps' views knowing about it. The rules
are in ``common.idempotency``.
"""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from rest_framework import exceptions
from rest_framework.request import Request

from common.codes import Code
from common.exceptions import ApplicationError, error_body
from common.idempotency import (
    HEADER,
    REPLAYED_HEADER,
    honours_idempotency_key,
    idempotency_claim,
    idempotency_complete,
    request_fingerprint,
    scope_for,
    validate_key,
)
from common.models import IdempotencyRecord

API_PATH_PREFIX = "/api/"
_RECORD = "_kith_idempotency_record"
# How long a client should wait before retrying while its first copy still runs.
IN_PROGRESS_RETRY_AFTER = "1"


def _view_user(request, view_func):
    """The user the view will see, authenticated as the view authenticates (so common
    needs no import of accounts); None when the credentials are refused, in which case
    the view answers 401 itself."""
    view = view_func.cls(**getattr(view_func, "initkwargs", {}))
    try:
        return Request(request, authenticators=view.get_authenticators()).user
    except exceptions.APIException:
        return None


def replay(record: IdempotencyRecord) -> HttpResponse:
    """The stored response again, byte for byte, marked as a replay."""
    response = HttpResponse(bytes(record.response_body or b""), status=record.status_code)
    for name, value in record.response_headers.items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    return response


def _error(exc: ApplicationError) -> JsonResponse:
    response = JsonResponse(error_body(exc.code, exc.msg, exc.errors), status=exc.status_code)
    if exc.code == Code.IDEMPOTENCY_IN_PROGRESS:
        response["Retry-After"] = IN_PROGRESS_RETRY_AFTER
    return response


class IdempotencyMiddleware:
    """Honours ``Idempotency-Key`` on POST requests to the API (``/api/``).

    ``process_view`` runs once the URL is resolved, so it knows the view and can
    authenticate the request the way that view does. It claims the key (the view then
    runs) or answers at once: the stored response, 409 while a copy is in progress,
    422 for a key reused with another request, 400 for a malformed key. ``__call__``
    stores the response of a request that claimed its key.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = None
        try:
            response = self.get_response(request)
        finally:
            record = getattr(request, _RECORD, None)
            if record is not None:
                idempotency_complete(record=record, response=response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        value = request.headers.get(HEADER)
        if (
            value is None
            or request.method != "POST"
            or not request.path.startswith(API_PATH_PREFIX)
            or not honours_idempotency_key(getattr(view_func, "cls", None))
        ):
            return None
        try:
            key = validate_key(value)
            body = request.body
        except ApplicationError as exc:
            return _error(exc)
        except (RequestDataTooBig, RawPostDataException):
            return None  # the view answers 413 (or reads the stream itself)
        user = _view_user(request, view_func)
        if user is None:
            return None
        request_hash = request_fingerprint(
            method=request.method,
            full_path=request.get_full_path(),
            media_type=request.content_type,
            content_params=request.content_params,
            body=body,
        )
        try:
            record = idempotency_claim(
                scope=scope_for(user=user, request=request),
                user=user,
                key=key,
                method=request.method,
                path=request.path,
                request_hash=request_hash,
            )
        except ApplicationError as exc:
            return _error(exc)
        if record.state == IdempotencyRecord.State.DONE:
            return replay(record)
        setattr(request, _RECORD, record)
        return None
