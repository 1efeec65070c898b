"""The authorization matrix: every route of /api/v1/, every method, every kind of caller.

The routes and methods are read from the URL router (``config.api_router.urlpatterns``):
a route or method without a row in ``MATRIX`` fails ``test_matrix_covers_every_route``,
so a new endpoint cannot ship without its authorization being declared here.

The table (``tests.authz.table``) says what each caller gets on each route: anonymous,
the owner, another user, staff, optionally a peer of the owner (e.g. carol, a member of
alice's chat: 403 on alice's message), and the owner with a revoked token (401 code 120
wherever tokens are read). The world (``tests.authz.world``) is built once for the
module inside a transaction, and every test runs in a savepoint rolled back after it,
so writes never leak.
"""

import re
from collections.abc import Callable
from urllib.parse import quote

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.authentication import TOKEN_VERSION_CLAIM, tokens_for
from common.codes import Code
from config.api_router import urlpatterns
from tests.authz.table import MATRIX, PATHS, Row
from tests.authz.world import World, build_world

# --- the routes, from the router ----------------------------------------------------------

SKIPPED_METHODS = {"head", "options"}  # HEAD follows GET; OPTIONS is DRF's metadata


def _patterns(patterns, prefix: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _methods(callback) -> list[str]:
    """The methods a view answers: a viewset's action map, or an APIView's handlers,
    both limited to the view's ``http_method_names``."""
    cls = callback.cls
    allowed = {m for m in cls.http_method_names if m not in SKIPPED_METHODS}
    actions = getattr(callback, "actions", None)
    if actions:
        return sorted(m for m in actions if m in allowed)
    return sorted(m for m in allowed if hasattr(cls, m))


def routes() -> dict[tuple[str, str], str]:
    """``{(route name or pattern, METHOD): pattern}`` for every route of /api/v1/."""
    found = {}
    for pattern, entry in _patterns(urlpatterns):
        for method in _methods(entry.callback):
            found[(entry.name or pattern, method.upper())] = pattern
    return found


# ``revoked``: the owner with a token revoked by a password change: 401 code 120 on
# every route that reads tokens.
ACTORS = ("anon", "owner", "other", "staff", "peer", "revoked")


def _cases():
    for (name, method), row in sorted(MATRIX.items()):
        for actor in ACTORS:
            if actor == "peer" and row.peer is None:
                continue
            yield pytest.param(name, method, actor, id=f"{method} {name} as {actor}")


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, built once for the module inside a transaction rolled back at its end.

    Each test's own ``db`` transaction nests inside as a savepoint, so what a test
    writes is undone before the next one.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens_for(user)['access']}")
    return client


def _revoked_client(user) -> APIClient:
    """A client whose token a password change revoked (its version is not the user's)."""
    refresh = RefreshToken.for_user(user)
    refresh[TOKEN_VERSION_CLAIM] = user.token_version - 1
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {refresh.access_token}")
    return client


def _actor(world: World, row: Row, actor: str):
    return {
        "anon": None,
        "owner": world.users[row.owner_user],
        "other": world.bob,
        "staff": world.staff,
        "peer": world.users[row.peer[0]] if row.peer else None,
        "revoked": world.users[row.owner_user],
    }[actor]


def _expected(row: Row, actor: str) -> int:
    if actor == "peer":
        return row.peer[1]
    if actor == "revoked":
        return row.anon if row.tokenless else 401
    return getattr(row, actor)


def _url(world: World, name: str, kwargs: dict | None = None) -> str:
    if kwargs is None:
        kwargs = PATHS[name](world) if name in PATHS else {}
    return reverse(f"api:{name}", kwargs=kwargs)


def _request(client: APIClient, method: str, url: str, row: Row, body):
    if method == "GET":
        return client.get(url, row.query or {})
    if row.multipart:
        return getattr(client, method.lower())(url, body or {}, format="multipart")
    return getattr(client, method.lower())(url, body, format="json")


def _snapshot(obj) -> dict | None:
    return type(obj).objects.filter(pk=obj.pk).values().first()


# --- the tests --------------------------------------------------------------------------


def test_matrix_covers_every_route():
    """Every (route, method) of the router has a row, and every row is a real route."""
    enumerated = set(routes())
    declared = set(MATRIX)
    missing = sorted(enumerated - declared)
    stale = sorted(declared - enumerated)
    assert not missing, f"routes without an authorization row: {missing}"
    assert not stale, f"rows for routes that do not exist: {stale}"


def test_every_path_parameter_is_filled():
    """Every route with path parameters says where they come from."""
    with_params = {name for (name, _), pattern in routes().items() if _path_params(pattern)}
    assert with_params == set(PATHS)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "actor"), list(_cases()))
def test_authorization(world, name, method, actor, settings):
    # Reads authenticate from the cached user row as in production (accounts/user_cache.py);
    # every GET is sent twice below, the second time answered from the snapshot.
    settings.AUTH_USER_CACHE_SECONDS = 300
    row = MATRIX[(name, method)]
    user = _actor(world, row, actor)
    expected = _expected(row, actor)
    target = row.target(world) if row.target else None
    before = _snapshot(target) if target is not None else None
    body = row.body(world, user) if row.body else None

    client = _revoked_client(user) if actor == "revoked" else _client(user)

    response = _request(client, method, _url(world, name), row, body)

    assert response.status_code == expected, (response.status_code, response.content[:300])
    if method == "GET":
        again = _request(client, method, _url(world, name), row, body)
        assert (again.status_code, again.content) == (response.status_code, response.content)
    if response.get("Content-Type", "").startswith("application/json"):
        assert isinstance(response.json().get("code"), int)
    if expected == 401:
        assert response.json()["code"] == Code.TOKEN_INVALID
    if expected >= 400 and target is not None:
        assert _snapshot(target) == before, "a refused request changed the object"
    if row.listed is not None and expected == 200:
        shown = row.listed.id(world) in _item_ids(response.json()["data"])
        assert shown == (actor in row.listed.seen_by), f"listed: {shown}"


def _item_ids(data) -> set:
    """Ids of a list's items: a page, a bare list, or lists by key (the month view)."""
    if isinstance(data, dict) and "results" in data:
        items = data["results"]
    elif isinstance(data, dict):
        items = [item for value in data.values() for item in value]
    else:
        items = data
    return {item["id"] for item in items}


# --- ids that are no row's ------------------------------------------------------------------

# Each maps the real id of the path's object to an id that must answer 404: past
# PostgreSQL's bigint (and SQLite's INTEGER), at its edge, a plain 18-digit id, the
# longest id a route accepts and longer ones (past 4300 digits int() fails), and the real
# id written in non-ASCII digits (int() would read them as the same id: a second URL of
# the object).
ODD_IDS: dict[str, Callable[[str], str]] = {
    "10^23-1": lambda real: "9" * 23,
    "2^63": lambda real: str(2**63),
    "10^18-1": lambda real: "9" * 18,
    "10^64-1": lambda real: "9" * 64,
    "10^64": lambda real: "1" + "0" * 64,
    "10^5000": lambda real: "1" + "0" * 5000,
    "arabic-indic": lambda real: quote(real.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))),
    "fullwidth": lambda real: quote(
        real.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    ),
}


def _path_params(pattern: str) -> list[str]:
    """Names of a pattern's parameters: regex groups and ``<converter:name>``."""
    return re.findall(r"\(\?P<(\w+)>", pattern) + re.findall(r"(?<!\?P)<(?:\w+:)?(\w+)>", pattern)


def _id_cases():
    for (name, method), pattern in sorted(routes().items()):
        for param in _path_params(pattern):
            if param != "pk" and not param.endswith("_id"):
                continue
            for kind in ODD_IDS:
                yield pytest.param(name, method, param, kind, id=f"{method} {name} {param}={kind}")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "param", "kind"), list(_id_cases()))
def test_odd_ids_are_not_found(world, name, method, param, kind):
    """Any id in a path that is no row's, however large, answers 404 (never 500), and an
    object has one URL only, on every route."""
    row = MATRIX[(name, method)]
    # The first caller who may use the route (alice, or staff on staff routes).
    user = _actor(
        world, row, next(a for a in ("owner", "staff", "other") if _expected(row, a) < 300)
    )
    kwargs = PATHS[name](world)
    # The URL is made with a stand-in id (the route's pattern may not even accept the odd
    # one), which is then replaced.
    stand_in = "4242424242"
    odd = ODD_IDS[kind](str(kwargs[param]))
    url = _url(world, name, {**kwargs, param: stand_in}).replace(stand_in, odd)
    body = row.body(world, user) if row.body else None

    response = _request(_client(user), method, url, row, body)

    assert response.status_code == 404, (response.status_code, response.content[:300])
    assert isinstance(response.json()["code"], int)
