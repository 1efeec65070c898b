"""Domain errors and the one exception handler that turns every error into an envelope.

Views and services raise; nobody builds an error body by hand. The handler maps Django,
DRF and database errors to a real HTTP status, a response code and a field error list
(API.md §1.1), and logs anything unexpected without leaking it to the client.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import set_rollback

from common.codes import Code

logger = logging.getLogger("kith.errors")


class ApplicationError(exceptions.APIException):
    """A domain error carrying its response code, HTTP status and optional field errors."""

    status_code = status.HTTP_400_BAD_REQUEST
    code = Code.VALIDATION_ERROR

    def __init__(
        self,
        code: Code | None = None,
        msg: str | None = None,
        *,
        errors: dict[str, list[str]] | None = None,
        status_code: int | None = None,
    ) -> None:
        if code is not None:
            self.code = code
        if status_code is not None:
            self.status_code = status_code
        self.msg = msg or self.code.msg
        self.errors = errors
        super().__init__(detail=self.msg)


class ValidationFailed(ApplicationError):
    status_code = status.HTTP_400_BAD_REQUEST
    code = Code.VALIDATION_ERROR


class NotAuthenticatedError(ApplicationError):
    status_code = status.HTTP_401_UNAUTHORIZED
    code = Code.TOKEN_INVALID


class Forbidden(ApplicationError):
    status_code = status.HTTP_403_FORBIDDEN
    code = Code.PERMISSION_DENIED


class NotFound(ApplicationError):
    status_code = status.HTTP_404_NOT_FOUND
    code = Code.NOT_FOUND


class Conflict(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    code = Code.CONFLICT


class Gone(ApplicationError):
    status_code = status.HTTP_410_GONE
    code = Code.GONE


class PayloadTooLarge(ApplicationError):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    code = Code.PAYLOAD_TOO_LARGE


class ServiceUnavailable(ApplicationError):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    code = Code.SERVICE_UNAVAILABLE


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error detail into ``{"field.sub.0": ["message", ...]}``."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            out.update(flatten_errors(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            out.setdefault(prefix or "non_field_errors", []).extend(str(i) for i in detail)
        else:
            for index, item in enumerate(detail):
                if item:
                    out.update(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        out.setdefault(prefix or "non_field_errors", []).append(str(detail))
    return out


def _view_code(context: dict, attribute: str, default: Code) -> Code:
    """The code a view declares for this kind of failure of its current action."""
    view = context.get("view")
    declared = getattr(view, attribute, None)
    if isinstance(declared, dict):
        return declared.get(getattr(view, "action", None), default)
    return declared or default


_STATUS_CODES = {
    status.HTTP_401_UNAUTHORIZED: Code.TOKEN_INVALID,
    status.HTTP_403_FORBIDDEN: Code.PERMISSION_DENIED,
    status.HTTP_404_NOT_FOUND: Code.NOT_FOUND,
    status.HTTP_405_METHOD_NOT_ALLOWED: Code.METHOD_NOT_ALLOWED,
    status.HTTP_406_NOT_ACCEPTABLE: Code.NOT_ACCEPTABLE,
    status.HTTP_409_CONFLICT: Code.CONFLICT,
    status.HTTP_410_GONE: Code.GONE,
    status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: Code.PAYLOAD_TOO_LARGE,
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: Code.UNSUPPORTED_MEDIA_TYPE,
    status.HTTP_429_TOO_MANY_REQUESTS: Code.THROTTLED,
    status.HTTP_503_SERVICE_UNAVAILABLE: Code.SERVICE_UNAVAILABLE,
}


def _classify(exc: Exception, context: dict) -> tuple[int, Code, str | None, dict | None]:
    """Status, code, message (None: the code's own) and field errors of an exception."""
    if isinstance(exc, ApplicationError):
        return exc.status_code, exc.code, exc.msg, exc.errors
    if isinstance(exc, exceptions.ParseError):
        return 400, Code.MALFORMED_REQUEST, None, {"non_field_errors": [str(exc.detail)]}
    if isinstance(exc, exceptions.ValidationError):
        code = _view_code(context, "error_codes", Code.VALIDATION_ERROR)
        return 400, code, None, flatten_errors(exc.detail)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return exc.status_code, _STATUS_CODES[exc.status_code], str(exc.detail), None
    if isinstance(exc, exceptions.PermissionDenied):
        code = _view_code(context, "permission_denied_codes", Code.PERMISSION_DENIED)
        return 403, code, None, None
    if isinstance(exc, exceptions.NotFound):
        return 404, _view_code(context, "not_found_codes", Code.NOT_FOUND), None, None
    if isinstance(exc, exceptions.APIException):
        code = _STATUS_CODES.get(exc.status_code, Code.VALIDATION_ERROR)
        return exc.status_code, code, str(exc.detail), None
    raise TypeError(exc)


def _normalise(exc: Exception) -> Exception:
    """Map Django and database errors onto their DRF or domain equivalents."""
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(detail=as_serializer_error(exc))
    if isinstance(exc, IntegrityError):
        # A race lost against a database constraint: the other request won.
        return Conflict()
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    return exc


def exception_handler(exc: Exception, context: dict) -> Response:
    """DRF's EXCEPTION_HANDLER: every error becomes ``{code, msg, errors}``."""
    exc = _normalise(exc)
    set_rollback()
    if not isinstance(exc, exceptions.APIException):
        request = context.get("request")
        logger.exception(
            "Unhandled error on %s %s",
            getattr(request, "method", "?"),
            getattr(request, "path", "?"),
            exc_info=exc,
        )
        return error_response(500, Code.SERVER_ERROR)

    status_code, code, msg, errors = _classify(exc, context)
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None) is not None:
        headers["Retry-After"] = str(int(exc.wait))
    return error_response(status_code, code, msg, errors, headers)


def error_body(code: Code, msg: str | None = None, errors: dict | None = None) -> dict:
    return {"code": int(code), "msg": msg or code.msg, "errors": errors or None}


def error_response(
    status_code: int,
    code: Code,
    msg: str | None = None,
    errors: dict | None = None,
    headers: dict | None = None,
) -> Response:
    return Response(error_body(code, msg, errors), status=status_code, headers=headers)
