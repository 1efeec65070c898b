"""Serializers of the accounts API: profiles out, account forms in (API.md §2).

``PublicProfileSerializer`` is what every other app nests for a user (owner, members,
sender...). It reads only columns of the user row, so nesting it costs no query.
"""

import re
import zoneinfo
from functools import lru_cache

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from rest_framework import serializers
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings as jwt_settings

from accounts import selectors
from accounts.authentication import check_token_version
from accounts.models import COLOR_PATTERN, PHONE_PATTERN, USERNAME_MESSAGE, USERNAME_PATTERN, User
from common.codes import Code
from common.exceptions import ValidationFailed, flatten_errors
from common.images import ImageUploadField
from common.rows import stored_file_url
from common.serializers import file_url

PASSWORD_MAX_LENGTH = 128

# --- Profiles (output) ---------------------------------------------------------------

PUBLIC_PROFILE_FIELDS = selectors.PUBLIC_PROFILE_FIELDS


class PublicProfileSerializer(serializers.ModelSerializer):
    """What anyone may see of a user; nested by every app. No extra queries."""

    class Meta:
        model = User
        fields = PUBLIC_PROFILE_FIELDS
        read_only_fields = PUBLIC_PROFILE_FIELDS


def public_profile(user: User, request) -> dict:
    """``PublicProfileSerializer``'s output, built by hand for the hot lists that nest
    it (``common.serializers``)."""
    return {
        "id": user.pk,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "avatar": file_url(user.avatar, request),
        "description": user.description,
        "background_color": user.background_color,
    }


_AVATAR = User._meta.get_field("avatar")


def public_profile_from_row(row, request) -> dict:
    """``public_profile`` from a row of values of ``PUBLIC_PROFILE_FIELDS`` in that
    order (``avatar`` as the stored file name), for lists built from ``values_list``
    rows instead of model instances."""
    user_id, username, first_name, last_name, avatar, description, background_color = row
    return {
        "id": user_id,
        "username": username,
        "first_name": first_name,
        "last_name": last_name,
        "avatar": stored_file_url(_AVATAR, avatar, request),
        "description": description,
        "background_color": background_color,
    }


PRIVATE_PROFILE_FIELDS = (
    "id",
    "username",
    "email",
    "first_name",
    "last_name",
    "patronymic",
    "birthday",
    "description",
    "background_color",
    "avatar",
    "phone_number",
    "timezone",
    "email_verified",
    "date_joined",
)


class PrivateProfileSerializer(serializers.ModelSerializer):
    """The user's own profile (``/me/``, register, login)."""

    class Meta:
        model = User
        fields = PRIVATE_PROFILE_FIELDS
        read_only_fields = PRIVATE_PROFILE_FIELDS


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)


class LoginResponseSerializer(TokenPairSerializer):
    user = PrivateProfileSerializer(read_only=True)


class UsernameAvailabilitySerializer(serializers.Serializer):
    username = serializers.CharField(read_only=True)
    available = serializers.BooleanField(read_only=True)


# --- Input helpers -----------------------------------------------------------------


class CodedErrorsMixin:
    """Chooses the response code of a failed validation from the fields that failed.

    ``error_code_rules``: ``(field, detail code or None, Code)`` tried in order; the
    first rule whose field failed (with that detail code, when given) decides.
    ``default_error_code`` covers the rest. The envelope lists every field error.
    """

    error_code_rules: tuple[tuple[str, str | None, Code], ...] = ()
    default_error_code: Code = Code.VALIDATION_ERROR

    def error_code(self) -> Code:
        errors = self.errors
        for field, detail_code, code in self.error_code_rules:
            details = errors.get(field) or []
            if details and (
                detail_code is None or any(getattr(d, "code", None) == detail_code for d in details)
            ):
                return code
        return self.default_error_code

    def validated_or_raise(self) -> dict:
        """``validated_data``, or a 400 ``ValidationFailed`` carrying the chosen code."""
        if not self.is_valid():
            raise ValidationFailed(self.error_code(), errors=flatten_errors(self.errors))
        return self.validated_data


class StrictCharField(serializers.CharField):
    """A CharField that refuses numbers and booleans instead of turning them into text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def password_field(**kwargs) -> StrictCharField:
    return StrictCharField(
        write_only=True,
        trim_whitespace=False,
        max_length=PASSWORD_MAX_LENGTH,
        style={"input_type": "password"},
        **kwargs,
    )


def normalise_email(value: str) -> str:
    return value.strip().lower()


def normalise_username(value: str) -> str:
    """Usernames are compared and stored lower-cased."""
    value = value.strip().lower()
    if not re.fullmatch(USERNAME_PATTERN, value):
        raise serializers.ValidationError(USERNAME_MESSAGE, code="invalid")
    return value


@lru_cache(maxsize=1)
def _timezone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> str:
    if value not in _timezone_names():
        raise serializers.ValidationError("Use an IANA timezone name, e.g. Europe/Berlin.")
    return value


def validate_birthday(value):
    if value is not None and value > timezone.localdate():
        raise serializers.ValidationError("The birthday cannot be in the future.")
    return value


def check_password_policy(password: str, user: User, field: str) -> None:
    """Kith's policy plus Django's validators (similarity to the user, common passwords)."""
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise serializers.ValidationError({field: list(exc.messages)}, code="weak") from None


_PHONE_ERROR = "Use digits, spaces, ( ) - . and a leading +."
_COLOR_ERROR = "Use a colour as #RRGGBB."


# --- Register and login ------------------------------------------------------------


class RegisterSerializer(CodedErrorsMixin, serializers.Serializer):
    """Register: taken/invalid email 106, taken username 113, malformed username 128,
    weak password 107, anything else 108."""

    error_code_rules = (
        ("email", None, Code.REGISTER_EMAIL_INVALID),
        ("username", "taken", Code.REGISTER_USERNAME_TAKEN),
        ("username", None, Code.USERNAME_INVALID),
        ("password", None, Code.REGISTER_PASSWORD_WEAK),
    )
    default_error_code = Code.REGISTER_FAILED

    email = serializers.EmailField(max_length=254)
    password = password_field()
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    username = StrictCharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=64,
        help_text="Generated from the email when left out, blank or null.",
    )
    patronymic = serializers.CharField(max_length=150, required=False, allow_blank=True)
    birthday = serializers.DateField(required=False, allow_null=True)
    phone_number = serializers.RegexField(
        PHONE_PATTERN,
        max_length=32,
        required=False,
        allow_blank=True,
        error_messages={"invalid": _PHONE_ERROR},
    )

    def validate_email(self, value: str) -> str:
        value = normalise_email(value)
        if selectors.email_taken(value):
            raise serializers.ValidationError("This email address is already registered.")
        return value

    def validate_username(self, value: str | None) -> str | None:
        if not value or not value.strip():
            return None  # generated by the service
        value = normalise_username(value)
        if selectors.username_taken(value):
            raise serializers.ValidationError("This username is already taken.", code="taken")
        return value

    def validate_birthday(self, value):
        return validate_birthday(value)

    def validate(self, attrs: dict) -> dict:
        candidate = User(
            email=attrs["email"],
            username=attrs.get("username") or "",
            first_name=attrs["first_name"],
            last_name=attrs["last_name"],
        )
        check_password_policy(attrs["password"], candidate, "password")
        return attrs


class LoginSerializer(CodedErrorsMixin, serializers.Serializer):
    """Login by ``email`` or ``username``: malformed email 102, bad password 103."""

    error_code_rules = (
        ("email", None, Code.LOGIN_EMAIL_INVALID),
        ("username", None, Code.LOGIN_EMAIL_INVALID),
        ("password", None, Code.LOGIN_PASSWORD_INVALID),
    )

    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    username = StrictCharField(required=False, allow_blank=True, max_length=254)
    password = StrictCharField(write_only=True, trim_whitespace=False, max_length=4096)

    def validate(self, attrs: dict) -> dict:
        if not attrs.get("email") and not attrs.get("username"):
            raise serializers.ValidationError({"email": ["Give your email or your username."]})
        return attrs


class KithTokenRefreshSerializer(TokenRefreshSerializer):
    """simplejwt's refresh plus Kith's checks: the user still exists and is active, the
    token version is current, and a refresh token works exactly once (rotation; the
    blacklist row is the lock, so two concurrent uses cannot both succeed)."""

    refresh = StrictCharField(max_length=4096)

    def validate(self, attrs: dict) -> dict:
        refresh = self.token_class(attrs["refresh"])  # signature, expiry, blacklist
        user_id = refresh.payload.get(jwt_settings.USER_ID_CLAIM)
        user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
        if user is None:
            raise InvalidToken("The token's user no longer exists or is inactive.")
        check_token_version(user, refresh)
        _, created = refresh.blacklist()
        if not created:
            raise InvalidToken("Token is blacklisted")
        refresh.set_jti()
        refresh.set_exp()
        refresh.set_iat()
        refresh.outstand()
        return {"access": str(refresh.access_token), "refresh": str(refresh)}


class RefreshRequestSerializer(serializers.Serializer):
    refresh = serializers.CharField(max_length=4096)


class LogoutSerializer(CodedErrorsMixin, serializers.Serializer):
    error_code_rules = (("refresh", None, Code.LOGOUT_TOKEN_INVALID),)

    refresh = StrictCharField(max_length=4096)


# --- Email verification and password reset ----------------------------------------


class VerifyEmailSerializer(CodedErrorsMixin, serializers.Serializer):
    default_error_code = Code.VERIFICATION_TOKEN_INVALID

    token = StrictCharField(max_length=1024)


class EmailSerializer(CodedErrorsMixin, serializers.Serializer):
    email = serializers.EmailField(max_length=254)

    def validate_email(self, value: str) -> str:
        return normalise_email(value)


class PasswordResetConfirmSerializer(CodedErrorsMixin, serializers.Serializer):
    """A reset link's ``uid`` and ``token`` (bad: 122) and the new password (weak: 109)."""

    error_code_rules = (
        ("uid", None, Code.PASSWORD_RESET_TOKEN_INVALID),
        ("token", None, Code.PASSWORD_RESET_TOKEN_INVALID),
        ("new_password", None, Code.UPDATE_PASSWORD_WEAK),
    )

    uid = StrictCharField(max_length=64)
    token = StrictCharField(max_length=128)
    new_password = password_field()


class UsernameQuerySerializer(CodedErrorsMixin, serializers.Serializer):
    default_error_code = Code.USERNAME_INVALID

    username = StrictCharField(max_length=64)

    def validate_username(self, value: str) -> str:
        return normalise_username(value)


# --- The own account -----------------------------------------------------------------


class ProfileUpdateSerializer(CodedErrorsMixin, serializers.ModelSerializer):
    """PATCH /me/: taken or invalid email 110, anything else invalid 112."""

    error_code_rules = (("email", None, Code.UPDATE_EMAIL_INVALID),)
    default_error_code = Code.PROFILE_UPDATE_FAILED

    username = StrictCharField(max_length=64)
    email = serializers.EmailField(max_length=254)
    timezone = serializers.CharField(max_length=64)
    background_color = serializers.RegexField(
        COLOR_PATTERN, max_length=7, allow_blank=True, error_messages={"invalid": _COLOR_ERROR}
    )
    phone_number = serializers.RegexField(
        PHONE_PATTERN, max_length=32, allow_blank=True, error_messages={"invalid": _PHONE_ERROR}
    )

    class Meta:
        model = User
        fields = (
            "first_name",
            "last_name",
            "patronymic",
            "username",
            "birthday",
            "description",
            "background_color",
            "phone_number",
            "timezone",
            "email",
        )

    def validate_email(self, value: str) -> str:
        value = normalise_email(value)
        if selectors.email_taken(value, exclude=self.instance):
            raise serializers.ValidationError("This email address is already registered.")
        return value

    def validate_username(self, value: str) -> str:
        value = normalise_username(value)
        if selectors.username_taken(value, exclude=self.instance):
            raise serializers.ValidationError("This username is already taken.", code="taken")
        return value

    def validate_timezone(self, value: str) -> str:
        return validate_timezone(value)

    def validate_birthday(self, value):
        return validate_birthday(value)


class PasswordChangeSerializer(CodedErrorsMixin, serializers.Serializer):
    """Wrong current password 124, confirmation differs 135, weak new password 109."""

    error_code_rules = (
        ("current_password", None, Code.PASSWORD_CURRENT_WRONG),
        ("new_password", None, Code.UPDATE_PASSWORD_WEAK),
        ("confirm_password", None, Code.PASSWORD_MISMATCH),
    )

    current_password = StrictCharField(write_only=True, trim_whitespace=False, max_length=4096)
    new_password = password_field()
    confirm_password = StrictCharField(write_only=True, trim_whitespace=False, max_length=4096)


class AvatarSerializer(CodedErrorsMixin, serializers.Serializer):
    default_error_code = Code.IMAGE_INVALID

    avatar = ImageUploadField(help_text="JPEG, PNG, WebP or GIF; EXIF is removed.")


class AccountDeleteSerializer(CodedErrorsMixin, serializers.Serializer):
    default_error_code = Code.ACCOUNT_DELETE_PASSWORD_WRONG

    password = StrictCharField(write_only=True, trim_whitespace=False, max_length=4096)
