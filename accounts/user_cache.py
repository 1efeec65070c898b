"""A shared-cache snapshot of each user's row, so that authenticating a read costs one
cache round trip instead of a database query.

Every authenticated request needs the user's row: the token-version check (a password
change revokes older tokens), ``is_active`` and whatever the view reads (``is_staff``,
the timezone). For safe methods :class:`accounts.authentication.JWTAuthentication` takes
the row from here; writes always read it from the database.

The snapshot holds every concrete column but the password hash, which stays deferred: an
instance built from it loads the hash from the database if something reads it, and its
``save()`` writes only the columns it holds.

Freshness. Any write to a user row (``post_save``, ``post_delete`` and the token-version
bump of :func:`accounts.services.tokens_revoke_all`, a queryset update) calls
:func:`forget`, which bumps the user's generation counter, at once and again when the
transaction commits. A snapshot is stored with the generation its reader saw before
reading the row, and is only used while the counter still holds that generation: a
reader that read the row just before a write committed stores a snapshot that no one
will use. Snapshots also expire after ``AUTH_USER_CACHE_SECONDS``.

Only used when the cache is shared by every server process (``REDIS_URL``): with a
per-process cache a write in one worker could not reach the others, so
``AUTH_USER_CACHE_SECONDS`` defaults to 0 (off) without Redis.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from accounts.models import User
from common.cache import Batch

SNAPSHOT = "auth:user:{}"
GENERATION = "auth:user:{}:gen"
GENERATION_SECONDS = 7 * 24 * 3600  # longer than any snapshot lives

_COLUMNS = [f.attname for f in User._meta.concrete_fields if f.attname != "password"]


def timeout() -> int:
    return settings.AUTH_USER_CACHE_SECONDS


def lookup(user_id) -> tuple[User | None, int | None]:
    """``(user, None)`` from a current snapshot, else ``(None, generation)``: the
    generation to hand to :func:`remember` with the row read from the database. One
    cache round trip."""
    keys = SNAPSHOT.format(user_id), GENERATION.format(user_id)
    found = cache.get_many(keys)
    return _current(found.get(keys[0]), found.get(keys[1], 0))


def queue_lookup(batch: Batch, user_id) -> Callable[[], tuple[User | None, int | None]]:
    """:func:`lookup` as part of ``batch``: returns the function that gives its answer
    once the batch has run."""
    keys = [batch.key(SNAPSHOT.format(user_id)), batch.key(GENERATION.format(user_id))]
    replies = batch.add(("MGET", *keys))

    def answer() -> tuple[User | None, int | None]:
        ((snapshot, generation),) = replies()
        return _current(_decoded(batch, snapshot), batch.decode(generation) or 0)

    return answer


# Snapshots this process decoded lately, by their stored bytes: the same bytes are the
# same snapshot, so a user's every read after the first skips unpickling it.
_decoded_snapshots: dict[bytes, object] = {}
DECODED_SNAPSHOTS_MAX = 1024


def _decoded(batch: Batch, raw: bytes | None):
    if raw is None:
        return None
    snapshot = _decoded_snapshots.get(raw)
    if snapshot is None:
        if len(_decoded_snapshots) >= DECODED_SNAPSHOTS_MAX:
            _decoded_snapshots.clear()
        snapshot = _decoded_snapshots[raw] = batch.decode(raw)
    return snapshot


def _current(snapshot, generation: int) -> tuple[User | None, int | None]:
    """The user of ``snapshot`` if it was taken at ``generation``, else the generation."""
    if isinstance(snapshot, tuple) and len(snapshot) == 2 and snapshot[0] == generation:
        values = snapshot[1]
        if len(values) == len(_COLUMNS):
            return User.from_db("default", _COLUMNS, values), None
    return None, generation


def remember(user: User, generation: int) -> None:
    """Store ``user``'s snapshot, read from the database after seeing ``generation``."""
    values = tuple(getattr(user, column) for column in _COLUMNS)
    cache.set(SNAPSHOT.format(user.pk), (generation, values), timeout())


def forget(user_id) -> None:
    """Outdate ``user_id``'s snapshot: at once, and again once the current transaction
    commits (a reader in between reads the row as the database still holds it)."""
    if timeout():
        _outdate(user_id)
        transaction.on_commit(lambda: _outdate(user_id), robust=True)


def _outdate(user_id) -> None:
    """Bump the generation and drop the snapshot (so that an old snapshot cannot match
    again should Redis evict the generation key)."""
    key = GENERATION.format(user_id)
    cache.add(key, 0, GENERATION_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr: any new value outdates snapshots
        cache.set(key, 1, GENERATION_SECONDS)
    cache.delete(SNAPSHOT.format(user_id))


def forget_on_write(sender, instance: User, **kwargs) -> None:
    """Receiver of ``post_save`` and ``post_delete`` of users (see :func:`forget`)."""
    forget(instance.pk)
