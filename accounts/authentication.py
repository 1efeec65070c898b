"""JWT authentication that also refuses tokens issued before a password change.

Every token carries the user's ``token_version`` in the ``ver`` claim. A password change
or reset bumps the version, which revokes every access and refresh token issued before.
"""

from rest_framework import exceptions
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed as JWTAuthenticationFailed
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.tokens import RefreshToken

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


class JWTAuthentication(authentication.JWTAuthentication):
    """simplejwt's bearer authentication plus the token-version check."""

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except JWTAuthenticationFailed as exc:
            raise plain_auth_error(exc) from None

    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        check_token_version(user, validated_token)
        return user
