"""JWT authentication that also refuses tokens issued before a password change.

Every token carries the user's ``token_version`` in the ``ver`` claim. A password change
or reset bumps the version, which revokes every access and refresh token issued before.
"""

from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed as JWTAuthenticationFailed
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken, Token
from rest_framework_simplejwt.utils import aware_utcnow

from accounts import user_cache
from common import throttling
from common.cache import batch as cache_batch

TOKEN_VERSION_CLAIM = "ver"  # noqa: S105 - a claim name, not a secret


def tokens_for(user) -> dict[str, str]:
    """A fresh refresh/access pair carrying the user's current token version."""
    refresh = RefreshToken.for_user(user)
    refresh[TOKEN_VERSION_CLAIM] = user.token_version
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def check_token_version(user, token) -> None:
    if token.get(TOKEN_VERSION_CLAIM, 0) != user.token_version:
        raise InvalidToken("Token was revoked by a password change.")


def plain_auth_error(exc: JWTAuthenticationFailed) -> exceptions.AuthenticationFailed:
    """simplejwt's errors carry a detail dict; the envelope wants one readable message."""
    detail = exc.detail.get("detail") if isinstance(exc.detail, dict) else exc.detail
    return exceptions.AuthenticationFailed(str(detail or "Token is invalid or expired."))


# Access tokens this process validated lately, by their raw bytes (see below).
_validated_tokens: dict[bytes, Token] = {}
VALIDATED_TOKENS_MAX = 2048


class JWTAuthentication(authentication.JWTAuthentication):
    """simplejwt's bearer authentication plus the token-version check.

    Validating an access token (signature, token type, claims) depends only on its bytes,
    so a token this process validated before is taken from a small per-process memo and
    only its expiry is checked again: a client sending the same token on every request
    pays for the JWT decoding once. Access tokens are never blacklisted (logout
    blacklists refresh tokens); revocation by a password change is the ``ver`` check in
    :meth:`get_user`, against the user row: read from the database for writes and from
    the shared-cache snapshot of :mod:`accounts.user_cache` (kept fresh on every user
    write) for reads. With Redis, a read's snapshot lookup and the counters of the
    view's per-user throttles go in one round trip (``common.cache.Batch``).
    """

    def get_validated_token(self, raw_token: bytes) -> Token:
        token = _validated_tokens.get(raw_token)
        if token is not None:
            try:
                token.check_exp(current_time=aware_utcnow())
            except TokenError:
                _validated_tokens.pop(raw_token, None)
            else:
                return token
        token = super().get_validated_token(raw_token)
        if len(_validated_tokens) >= VALIDATED_TOKENS_MAX:
            _validated_tokens.clear()
        _validated_tokens[raw_token] = token
        return token

    def authenticate(self, request):
        header = self.get_header(request)
        if header is None:
            return None
        raw_token = self.get_raw_token(header)
        if raw_token is None:
            return None
        try:
            token = self.get_validated_token(raw_token)
            cached = request if request.method in SAFE_METHODS else None
            user = self.get_user(token, cached=cached)
        except JWTAuthenticationFailed as exc:
            raise plain_auth_error(exc) from None
        return user, token

    def get_user(self, validated_token, *, cached=None):
        """The token's user, refused when inactive or when the token predates a password
        change. ``cached``: the request of a read, which may take the user from
        :mod:`accounts.user_cache`."""
        user = generation = None
        user_id = validated_token.get(jwt_settings.USER_ID_CLAIM)
        if cached is not None and user_cache.timeout() and user_id is not None:
            user, generation = self._cached_user(cached, user_id)  # no claim: refused below
        if user is None:
            user = super().get_user(validated_token)
            if generation is not None:
                user_cache.remember(user, generation)
        elif jwt_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
            raise JWTAuthenticationFailed("User is inactive", code="user_inactive")
        check_token_version(user, validated_token)
        return user

    @staticmethod
    def _cached_user(request, user_id):
        """:func:`accounts.user_cache.lookup`; with Redis, in one round trip with the
        counters of the view's per-user throttles (``common.throttling``)."""
        redis = cache_batch()
        if redis is None:
            return user_cache.lookup(user_id)
        answer = user_cache.queue_lookup(redis, user_id)
        view = (request.parser_context or {}).get("view")
        if view is not None:
            throttling.queue_user_hits(redis, request, view, user_id)
        redis.run()
        return answer()
