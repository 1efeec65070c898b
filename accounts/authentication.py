"""JWT authentication that also refuses tokens issued before a password change."""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt import authentication
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


class JWTAuthentication(authentication.JWTAuthentication):
    """simplejwt's bearer authentication plus the token-version check."""

    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        check_token_version(user, validated_token)
        return user


class JWTAuthenticationScheme(SimpleJWTScheme):
    """Documents :class:`JWTAuthentication` as the bearer scheme in the OpenAPI schema."""

    target_class = "accounts.authentication.JWTAuthentication"
