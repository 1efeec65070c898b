"""Writes of the accounts app: registration, login, tokens, verification, passwords,
profile, avatar and account deletion (API.md §2).

Services take validated, normalised input (emails and usernames lower-cased) and raise
``common.exceptions.ApplicationError`` subclasses with the response code of each
failure. Mails go out only after the transaction commits (:mod:`accounts.mails`).
"""

import re
import secrets
from datetime import date

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import update_last_login
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from rest_framework import status
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import mails, tokens, user_cache
from accounts.authentication import tokens_for
from accounts.models import User
from common.codes import Code
from common.exceptions import ApplicationError, Forbidden, ValidationFailed

USERNAME_MAX_LENGTH = 32
USERNAME_MIN_LENGTH = 4

# --- Registration ------------------------------------------------------------------


def username_base_from_email(email: str) -> str:
    """``John.Doe+x@...`` -> ``john_doe_x``: the local part sanitised to ``[a-z0-9_]``,
    at least 4 characters, leaving room for a numeric suffix."""
    local = email.split("@", 1)[0].lower()
    base = re.sub(r"[^a-z0-9_]+", "_", local).strip("_")[: USERNAME_MAX_LENGTH - 6]
    if len(base) < USERNAME_MIN_LENGTH:
        base = f"{base}_user" if base else "user"
    return base


def username_generate(email: str) -> str:
    """A free username derived from ``email``: the base, else the base with ``_2``,
    ``_3``... (one query for all the names already taken)."""
    base = username_base_from_email(email)
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    if base not in taken:
        return base
    for number in range(2, 10_000):
        candidate = f"{base}_{number}"
        if candidate not in taken:
            return candidate
    return f"{base}_{secrets.randbelow(10**5)}"


def user_register(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    username: str | None = None,
    patronymic: str = "",
    birthday: date | None = None,
    phone_number: str = "",
) -> User:
    """Create an account (email unverified) and mail the verification link.

    Without a ``username`` one is generated from the email; should a concurrent
    registration take the generated name first, a randomised one is tried. A race lost
    on the email (or a given username) ends as IntegrityError, which answers 409.
    """
    fields = {
        "email": email,
        "password": password,
        "first_name": first_name,
        "last_name": last_name,
        "patronymic": patronymic,
        "birthday": birthday,
        "phone_number": phone_number,
    }
    if username:
        return _user_create(username=username, **fields)
    try:
        return _user_create(username=username_generate(email), **fields)
    except IntegrityError:
        base = username_base_from_email(email)
        return _user_create(username=f"{base}_{secrets.randbelow(10**6)}", **fields)


def _user_create(*, username: str, email: str, password: str, **fields) -> User:
    with transaction.atomic():
        user = User.objects.create_user(username=username, email=email, password=password, **fields)
        mails.send_verification_mail(user)
    return user


# --- Login and tokens --------------------------------------------------------------


def user_login(
    *, password: str, email: str | None = None, username: str | None = None, request=None
) -> dict:
    """Check the credentials and answer ``{access, refresh, user}``.

    Wrong credentials (or an inactive account) are one 401 whatever was wrong, and an
    unknown login costs a password hash too, so neither answer nor timing tells which
    accounts exist. An unverified email is refused only when the setting requires it.
    """
    if email:
        owner = User.objects.filter(email__iexact=email.strip()).only("username").first()
        # An unknown email goes on as a username no account has ("@" is not allowed).
        login_name = owner.username if owner else email
    else:
        login_name = (username or "").strip().lower()
    user = authenticate(request, username=login_name, password=password)
    if user is None:
        raise ApplicationError(Code.LOGIN_FAILED, status_code=status.HTTP_401_UNAUTHORIZED)
    if settings.ACCOUNTS_REQUIRE_EMAIL_VERIFICATION and not user.email_verified:
        raise Forbidden(Code.LOGIN_EMAIL_UNVERIFIED)
    update_last_login(None, user)
    return {**tokens_for(user), "user": user}


def user_logout(*, user: User, refresh: str) -> None:
    """Blacklist one of the user's refresh tokens (the access token expires on its own)."""
    try:
        token = RefreshToken(refresh)
    except TokenError:
        raise ValidationFailed(
            Code.LOGOUT_TOKEN_INVALID, errors={"refresh": ["Invalid, expired or used token."]}
        ) from None
    if str(token.payload.get(jwt_settings.USER_ID_CLAIM)) != str(user.pk):
        raise ValidationFailed(
            Code.LOGOUT_TOKEN_INVALID, errors={"refresh": ["This token is not yours."]}
        )
    token.blacklist()


def tokens_revoke_all(*, user: User) -> None:
    """Revoke every token of ``user``: bump the token version (refusing older access and
    refresh tokens) and blacklist all of their outstanding refresh tokens."""
    User.objects.filter(pk=user.pk).update(token_version=F("token_version") + 1)
    user_cache.forget(user.pk)  # a queryset update sends no post_save
    user.refresh_from_db(fields=["token_version"])
    outstanding = OutstandingToken.objects.filter(
        user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
    )
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )


# --- Email verification --------------------------------------------------------------


def email_verify(*, token: str) -> User:
    """Mark the address a verification token was made for as verified (idempotent)."""
    user = tokens.email_verification_user(token)
    if user is None:
        raise ValidationFailed(
            Code.VERIFICATION_TOKEN_INVALID, errors={"token": ["Invalid or expired token."]}
        )
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified"])
    return user


def email_verification_resend(*, email: str) -> None:
    """Mail a new verification link when ``email`` is an unverified account's address.

    The caller answers the same either way, so nobody learns which addresses exist.
    """
    user = User.objects.filter(email__iexact=email, is_active=True, email_verified=False).first()
    if user is not None:
        mails.send_verification_mail(user)


# --- Passwords ---------------------------------------------------------------------


def _check_new_password(password: str, user: User, field: str) -> None:
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ValidationFailed(Code.UPDATE_PASSWORD_WEAK, errors={field: exc.messages}) from None


def _set_password(user: User, password: str, *, extra_fields: tuple[str, ...] = ()) -> None:
    user.set_password(password)
    user.save(update_fields=["password", *extra_fields])
    tokens_revoke_all(user=user)


def password_reset_request(*, email: str) -> None:
    """Mail a reset link when ``email`` belongs to an active account with a password.

    The caller answers the same either way, so nobody learns which addresses exist.
    """
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is not None and user.has_usable_password():
        mails.send_password_reset_mail(user)


@transaction.atomic
def password_reset_confirm(*, uid: str, token: str, new_password: str) -> User:
    """Set a new password from a reset link; every earlier token of the user is revoked.

    The link came by mail to the account's address, so the address counts as verified.
    A weak password answers 400 code 109 (the same code as a password change).
    """
    user = tokens.password_reset_user(uid, token)
    if user is None:
        raise ValidationFailed(
            Code.PASSWORD_RESET_TOKEN_INVALID, errors={"token": ["Invalid or expired link."]}
        )
    _check_new_password(new_password, user, "new_password")
    user.email_verified = True
    _set_password(user, new_password, extra_fields=("email_verified",))
    return user


@transaction.atomic
def user_password_change(
    *, user: User, current_password: str, new_password: str, confirm_password: str
) -> dict[str, str]:
    """Change the password, revoke every earlier token and answer a fresh pair.

    Wrong current password 124, confirmation differs 135, weak new password 109.
    """
    if not user.check_password(current_password):
        raise ValidationFailed(
            Code.PASSWORD_CURRENT_WRONG, errors={"current_password": ["Wrong password."]}
        )
    if new_password != confirm_password:
        raise ValidationFailed(
            Code.PASSWORD_MISMATCH, errors={"confirm_password": ["The passwords differ."]}
        )
    _check_new_password(new_password, user, "new_password")
    _set_password(user, new_password)
    return tokens_for(user)


# --- Profile, avatar and account ---------------------------------------------------


@transaction.atomic
def user_update_profile(*, user: User, data: dict) -> User:
    """Apply validated profile fields. A new email is unverified and gets a mail."""
    changed = []
    for field, value in data.items():
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if "email" in changed:
        user.email_verified = False
        changed.append("email_verified")
    if changed:
        user.save(update_fields=changed)
    if "email" in changed:
        mails.send_verification_mail(user)
    return user


def _delete_file_on_commit(storage, name: str | None) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)


@transaction.atomic
def user_set_avatar(*, user: User, avatar: File) -> User:
    """Store a cleaned image (random name) as the avatar; the previous file is deleted."""
    previous = user.avatar.name if user.avatar else None
    user.avatar.save(avatar.name, avatar, save=False)
    user.save(update_fields=["avatar"])
    _delete_file_on_commit(user.avatar.storage, previous)
    return user


@transaction.atomic
def user_remove_avatar(*, user: User) -> User:
    if user.avatar:
        storage, name = user.avatar.storage, user.avatar.name
        user.avatar = None
        user.save(update_fields=["avatar"])
        _delete_file_on_commit(storage, name)
    return user


@transaction.atomic
def user_delete(*, user: User, password: str) -> None:
    """Delete the account after checking its password; the database cascades remove
    everything the user owns, and the avatar file goes once that committed."""
    if not user.check_password(password):
        raise ValidationFailed(
            Code.ACCOUNT_DELETE_PASSWORD_WRONG, errors={"password": ["Wrong password."]}
        )
    if user.avatar:
        _delete_file_on_commit(user.avatar.storage, user.avatar.name)
    user.delete()
