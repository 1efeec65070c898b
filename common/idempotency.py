"""Idempotent retries of POST requests: the ``Idempotency-Key`` header.

A client that may have to repeat a POST (a timeout, a dropped connection) sends a key
of its own making, e.g. a UUID, and sends the same key again with the retry:

- The first request with a key claims it by inserting an in-progress
  ``IdempotencyRecord``. The unique (scope, key) constraint decides which of several
  simultaneous copies runs; the losers answer 409 ``IDEMPOTENCY_IN_PROGRESS``.
- When the request ends, its response is stored (any status below 500, except 401 and
  429, which mean the request was never processed). A 5xx, or a crash, deletes the
  record so the client may try again.
- A later request with the same key and the same request (method, path, media type and
  body) gets the stored response again, byte for byte, with ``Idempotent-Replayed:
  true``, and changes nothing. The same key with a different request answers 422
  ``IDEMPOTENCY_KEY_REUSED``.
- Records expire after ``settings.IDEMPOTENCY_KEY_TTL`` seconds; an expired key counts
  as unused. An in-progress record older than ``settings.IDEMPOTENCY_LOCK_TIMEOUT``
  seconds was left by a worker that died mid-request and is taken over by a retry.
  ``manage.py purge_idempotency_keys`` deletes expired rows.

Keys are scoped per user (authenticated requests) or per client address (anonymous
requests such as register), so two clients never see each other's responses. This
module holds the rules; ``common.middleware.IdempotencyMiddleware`` applies them to
every POST of the API.
"""

import json
import re
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from rest_framework import status
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from common.codes import Code
from common.exceptions import ApplicationError, Conflict, ValidationFailed
from common.models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
KEY_PATTERN = re.compile(r"[!-~]+")  # visible ASCII: what any client can put in a header

# Response headers worth giving back with a replay (the others are per-response or are
# added again by the outer middleware).
REPLAYED_RESPONSE_HEADERS = ("Content-Type", "Content-Language", "Location", "Vary", "Allow")
# Statuses that mean the request was never processed: a retry must run it.
NOT_PROCESSED_STATUSES = frozenset(
    {status.HTTP_401_UNAUTHORIZED, status.HTTP_429_TOO_MANY_REQUESTS}
)

_CLAIM_ATTEMPTS = 3


class KeyReused(ApplicationError):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    code = Code.IDEMPOTENCY_KEY_REUSED


def _class_path(view_class: type) -> str:
    return f"{view_class.__module__}.{view_class.__qualname__}"


def honours_idempotency_key(view_class: type | None) -> bool:
    """Whether POSTs to this view honour the header: every API view, except those whose
    responses are credentials (``settings.IDEMPOTENCY_EXEMPT_VIEWS``: login, token
    refresh, password change), which are never written to the database."""
    if view_class is None or not issubclass(view_class, APIView):
        return False
    return _class_path(view_class) not in settings.IDEMPOTENCY_EXEMPT_VIEWS


def key_ttl() -> timedelta:
    return timedelta(seconds=settings.IDEMPOTENCY_KEY_TTL)


def lock_timeout() -> timedelta:
    return timedelta(seconds=settings.IDEMPOTENCY_LOCK_TIMEOUT)


def validate_key(value: str) -> str:
    """The key of a header value; ``ValidationFailed`` (400, code 930) when malformed."""
    if len(value) > MAX_KEY_LENGTH:
        message = f"Ensure this header has at most {MAX_KEY_LENGTH} characters."
    elif not KEY_PATTERN.fullmatch(value):
        message = "Use 1 to 255 visible ASCII characters, e.g. a UUID."
    else:
        return value
    raise ValidationFailed(Code.IDEMPOTENCY_KEY_INVALID, errors={HEADER: [message]})


def _canonical_json(body: bytes) -> bytes:
    """The JSON body re-serialised with sorted keys and no spacing, so a retry that
    orders keys differently is still the same request; unparsable bodies stay as sent."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return body
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def request_fingerprint(
    *, method: str, full_path: str, media_type: str, content_params: dict, body: bytes
) -> str:
    """A keyed hash identifying the request: method, path with query, media type, body.

    A multipart body is hashed without its boundary, which clients pick at random for
    every attempt. The hash is an HMAC under the SECRET_KEY: bodies hold passwords, and
    a plain SHA-256 of them in the database could be brute-forced.
    """
    media_type = (media_type or "").lower()
    if media_type == "application/json" or media_type.endswith("+json"):
        canonical = _canonical_json(body)
    elif media_type == "multipart/form-data" and content_params.get("boundary"):
        canonical = body.replace(content_params["boundary"].encode("latin-1"), b"")
    else:
        canonical = body
    head = f"{method}\n{full_path}\n{media_type}\n".encode()
    return salted_hmac("kith.idempotency.request", head + canonical, algorithm="sha256").hexdigest()


def client_address(request) -> str:
    """The client's address, trusting X-Forwarded-For only as far as NUM_PROXIES says
    (as the auth throttles do)."""
    if api_settings.NUM_PROXIES is None:
        return request.META.get("REMOTE_ADDR") or "unknown"
    return BaseThrottle().get_ident(request)


def scope_for(*, user, request) -> str:
    """Whose key it is: the user, or for anonymous requests the client's address (kept
    only as a keyed hash)."""
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    address = salted_hmac("kith.idempotency.client", client_address(request), algorithm="sha256")
    return f"ip:{address.hexdigest()}"


def _is_stale(record: IdempotencyRecord, now) -> bool:
    """Expired, or in progress for longer than any request can take (its worker died)."""
    if record.expires_at <= now:
        return True
    in_progress = record.state == IdempotencyRecord.State.IN_PROGRESS
    return in_progress and record.created_at <= now - lock_timeout()


def idempotency_claim(
    *, scope: str, user, key: str, method: str, path: str, request_hash: str
) -> IdempotencyRecord:
    """Claim ``key`` for this request, or find the finished request that used it.

    Answers a new in-progress record (this request runs, then calls
    ``idempotency_complete``) or a done record whose response is to be replayed. Raises
    ``KeyReused`` (422) when the key went with a different request and ``Conflict``
    (409, IDEMPOTENCY_IN_PROGRESS) while another copy of the request is running.
    """
    for _ in range(_CLAIM_ATTEMPTS):
        now = timezone.now()
        existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if existing is None:
            try:
                with transaction.atomic():
                    return IdempotencyRecord.objects.create(
                        scope=scope,
                        key=key,
                        user=user if user is not None and user.is_authenticated else None,
                        method=method,
                        path=path,
                        request_hash=request_hash,
                        created_at=now,
                        expires_at=now + key_ttl(),
                    )
            except IntegrityError:
                continue  # a simultaneous copy inserted first: look at its record
        elif _is_stale(existing, now):
            # The key counts as unused. Deleting by primary key never removes a fresh
            # record that another request put in its place meanwhile.
            IdempotencyRecord.objects.filter(pk=existing.pk).delete()
        elif existing.request_hash != request_hash:
            raise KeyReused()
        elif existing.state == IdempotencyRecord.State.IN_PROGRESS:
            break
        else:
            return existing
    raise Conflict(Code.IDEMPOTENCY_IN_PROGRESS)


def is_storable(response) -> bool:
    """Whether a response is the outcome of processing the request, to be replayed."""
    return (
        not getattr(response, "streaming", False)
        and response.status_code < status.HTTP_500_INTERNAL_SERVER_ERROR
        and response.status_code not in NOT_PROCESSED_STATUSES
    )


def idempotency_complete(*, record: IdempotencyRecord, response) -> None:
    """Store the response of the request that claimed ``record``; or, when there is no
    response to keep (a 5xx, a crash, a throttled request), free the key for a retry."""
    pending = IdempotencyRecord.objects.filter(
        pk=record.pk, state=IdempotencyRecord.State.IN_PROGRESS
    )
    if response is None or not is_storable(response):
        pending.delete()
        return
    headers = {name: response[name] for name in REPLAYED_RESPONSE_HEADERS if name in response}
    pending.update(
        state=IdempotencyRecord.State.DONE,
        status_code=response.status_code,
        response_headers=headers,
        response_body=response.content,
    )


def idempotency_purge_expired() -> int:
    """Delete every expired record; answers how many went."""
    deleted, _ = IdempotencyRecord.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
