"""One-time tokens sent by mail: email verification and password reset (API.md §2, §10).

Email verification tokens are signed (``django.core.signing``) and carry the user's id
and email address, so a token stops working when the address changes; they expire after
``settings.EMAIL_VERIFICATION_MAX_AGE`` seconds.

Password reset links carry the user's id (``urlsafe_base64``) and a token of Django's
``default_token_generator``, which hashes the password and last login: the token works
once (setting the password changes the hash) and expires after
``settings.PASSWORD_RESET_TIMEOUT`` seconds.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts.models import User

EMAIL_VERIFICATION_SALT = "accounts.email-verification"


def _email_signer() -> signing.TimestampSigner:
    # "." instead of ":" between the parts: the token is then only URL-safe characters
    # ([A-Za-z0-9_-.]) and goes into the link as it is, with no percent-encoding.
    return signing.TimestampSigner(salt=EMAIL_VERIFICATION_SALT, sep=".")


def email_verification_token(user: User) -> str:
    return _email_signer().sign_object({"uid": user.pk, "email": user.email})


def email_verification_user(token: str) -> User | None:
    """The user a verification token was made for, or None when invalid or expired.

    The token also names the address it was sent to: once the user changed their email,
    an older token no longer verifies anything.
    """
    try:
        payload = _email_signer().unsign_object(token, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    except (signing.BadSignature, ValueError):  # also SignatureExpired, broken payloads
        return None
    if not isinstance(payload, dict):
        return None
    user = User.objects.filter(pk=payload.get("uid"), is_active=True).first()
    if user is None or user.email.lower() != str(payload.get("email", "")).lower():
        return None
    return user


def password_reset_uid(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def password_reset_token(user: User) -> str:
    return default_token_generator.make_token(user)


def password_reset_user(uid: str, token: str) -> User | None:
    """The user of a valid reset link (uid and token), or None."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError, UnicodeDecodeError, OverflowError):
        return None
    if not 0 < pk < 2**63:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user
