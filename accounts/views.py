"""Views of the accounts API (API.md §2): thin, each validating input with a serializer,
calling a service and declaring its response codes."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework_simplejwt.exceptions import AuthenticationFailed as JWTAuthenticationFailed
from rest_framework_simplejwt.exceptions import TokenError

from accounts import selectors, serializers, services
from accounts.authentication import plain_auth_error
from accounts.throttles import AuthAccountThrottle, AuthIPThrottle
from common.codes import Code
from common.filters import SearchFilter
from common.views import CodedViewMixin, KithGenericViewSet

# Login, register, password reset and verification resend: per IP and per account.
AUTH_THROTTLES = [*api_settings.DEFAULT_THROTTLE_CLASSES, AuthIPThrottle, AuthAccountThrottle]


class AnonymousView(CodedViewMixin, GenericAPIView):
    """An endpoint for anonymous users. No authentication at all, so a stale bearer
    token sent along cannot make it fail."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    def profile(self, user) -> dict:
        return serializers.PrivateProfileSerializer(
            user, context=self.get_serializer_context()
        ).data


# --- Register, login, tokens ----------------------------------------------------------


class RegisterView(AnonymousView):
    serializer_class = serializers.RegisterSerializer
    throttle_classes = AUTH_THROTTLES
    success_codes = {None: Code.ACCOUNT_CREATED}
    error_codes = {None: Code.REGISTER_FAILED}

    @extend_schema(
        summary="Create an account",
        description=(
            "Creates an account and mails a verification link. Taken or invalid email: "
            "400 code 106; weak password: 107; taken username: 113; malformed username: "
            "128; any other invalid input: 108. Without `username` one is generated from "
            "the email. Throttled per IP and per email (429 code 917)."
        ),
        responses={201: serializers.PrivateProfileSerializer},
        tags=["auth"],
    )
    def post(self, request):
        data = self.get_serializer(data=request.data).validated_or_raise()
        user = services.user_register(**data)
        return Response(self.profile(user), status=status.HTTP_201_CREATED)


class LoginView(AnonymousView):
    serializer_class = serializers.LoginSerializer
    throttle_classes = AUTH_THROTTLES
    success_codes = {None: Code.LOGIN_SUCCEEDED}

    @extend_schema(
        summary="Log in with email or username",
        description=(
            "Give `password` and `email` or `username`. Wrong credentials: 401 code 101; "
            "malformed email: 400 code 102; missing or malformed password: 400 code 103; "
            "unverified email while verification is required: 403 code 104. Throttled "
            "per IP and per account (429 code 917)."
        ),
        responses={200: serializers.LoginResponseSerializer},
        tags=["auth"],
    )
    def post(self, request):
        data = self.get_serializer(data=request.data).validated_or_raise()
        result = services.user_login(request=request, **data)
        result["user"] = self.profile(result["user"])
        return Response(result)


class RefreshView(AnonymousView):
    serializer_class = serializers.KithTokenRefreshSerializer
    success_codes = {None: Code.TOKENS_REFRESHED}

    def get_authenticate_header(self, request) -> str:
        # Makes DRF answer a refused refresh token with 401 (not 403).
        return 'Bearer realm="api"'

    @extend_schema(
        summary="Trade a refresh token for a new pair",
        description=(
            "Refresh tokens rotate: the one sent is blacklisted. A used, blacklisted, "
            "expired or revoked (password change, deleted user) token: 401 code 120."
        ),
        request=serializers.RefreshRequestSerializer,
        responses={200: serializers.TokenPairSerializer},
        tags=["auth"],
    )
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except TokenError as exc:
            raise plain_auth_error(JWTAuthenticationFailed(str(exc))) from None
        except JWTAuthenticationFailed as exc:
            raise plain_auth_error(exc) from None
        return Response(serializer.validated_data)


class LogoutView(CodedViewMixin, GenericAPIView):
    serializer_class = serializers.LogoutSerializer
    success_codes = {None: Code.LOGGED_OUT}

    @extend_schema(
        summary="Log out",
        description=(
            "Blacklists the given refresh token; refreshing with it then answers 401 code "
            "120. A refresh token that is invalid, used or another user's: 400 code 136."
        ),
        responses={200: None},
        tags=["auth"],
    )
    def post(self, request):
        data = self.get_serializer(data=request.data).validated_or_raise()
        services.user_logout(user=request.user, refresh=data["refresh"])
        return Response(None)


# --- Email verification and password reset -------------------------------------------


class VerifyEmailView(AnonymousView):
    serializer_class = serializers.VerifyEmailSerializer
    success_codes = {None: Code.EMAIL_VERIFIED}

    @extend_schema(
        summary="Verify an email address",
        description="`token` from the verification mail. Invalid or expired: 400 code 117.",
        responses={200: None},
        tags=["auth"],
    )
    def post(self, request):
        data = self.get_serializer(data=request.data).validated_or_raise()
        services.email_verify(token=data["token"])
        return Response(None)


class VerifyEmailResendView(AnonymousView):
    serializer_class = serializers.EmailSerializer
    throttle_classes = AUTH_THROTTLES
    success_codes = {None: Code.VERIFICATION_SENT}

    @extend_schema(
        summary="Mail a new verification link",
        description=(
            "Always 200 code 118, whether or not the address belongs to an unverified "
            "account. Throttled per IP and per email (429 code 917)."
        ),
        responses={200: None},
        tags=["auth"],
    )
    def post(self, request):
        data = self.get_serializer(data=request.data).validated_or_raise()
        services.email_verification_resend(email=data["email"])
        return Response(None)


class PasswordResetView(AnonymousView):
    serializer_class = serializers.EmailSerializer
    throttle_classes = AUTH_THROTTLES
    success_codes = {None: Code.PASSWORD_RESET_SENT}

    @extend_schema(
        summary="Mail a password reset link",
        description=(
            "Always 200 code 119, whether or not the address belongs to an account. The "
            "mail links to `/reset-password?uid=<uid>&token=<token>` of the frontend. "
            "Throttled per IP and per email (429 code 917)."
        ),
        responses={200: None},
        tags=["auth"],
    )
    def post(self, request):
        data = self.get_serializer(data=request.data).validated_or_raise()
        services.password_reset_request(email=data["email"])
        return Response(None)


class PasswordResetConfirmView(AnonymousView):
    serializer_class = serializers.PasswordResetConfirmSerializer
    success_codes = {None: Code.PASSWORD_RESET_DONE}

    @extend_schema(
        summary="Set a new password from a reset link",
        description=(
            "`uid` and `token` from the reset link. The link works once and expires: "
            "400 code 122 after. A weak new password: 400 code 109. Revokes every token "
            "issued before."
        ),
        responses={200: None},
        tags=["auth"],
    )
    def post(self, request):
        data = self.get_serializer(data=request.data).validated_or_raise()
        services.password_reset_confirm(**data)
        return Response(None)


class UsernameAvailableView(AnonymousView):
    serializer_class = serializers.UsernameQuerySerializer
    success_codes = {None: Code.USERNAME_AVAILABLE}

    @extend_schema(
        summary="Is a username free?",
        description="Code 126 when free, 127 when taken; a malformed name: 400 code 128.",
        parameters=[
            OpenApiParameter("username", str, required=True, description="[a-z0-9_]{4,32}")
        ],
        responses={200: serializers.UsernameAvailabilitySerializer},
        tags=["auth"],
    )
    def get(self, request):
        username = self.get_serializer(data=request.query_params).validated_or_raise()["username"]
        available = not selectors.username_taken(username)
        response = Response({"username": username, "available": available})
        response.code = Code.USERNAME_AVAILABLE if available else Code.USERNAME_TAKEN
        return response


# --- The own account --------------------------------------------------------------------


class OwnAccountMixin:
    def get_object(self):
        return self.request.user


@extend_schema_view(
    retrieve=extend_schema(
        summary="My profile", responses={200: serializers.PrivateProfileSerializer}
    ),
    partial_update=extend_schema(
        summary="Edit my profile",
        description=(
            "A changed `email` takes effect at once, unverified, and gets a verification "
            "mail. Taken or invalid email: 400 code 110; any other invalid input: 112."
        ),
        request=serializers.ProfileUpdateSerializer,
        responses={200: serializers.PrivateProfileSerializer},
    ),
    destroy=extend_schema(
        summary="Delete my account",
        description=(
            'JSON body `{"password": "..."}`. Deletes the account and everything it '
            "owns. Wrong password: 400 code 132."
        ),
        responses={200: None},
    ),
)
class MeViewSet(OwnAccountMixin, KithGenericViewSet):
    """``/me/``: GET, PATCH, DELETE of the authenticated user's own account."""

    serializer_class = serializers.PrivateProfileSerializer
    success_codes = {
        "retrieve": Code.USER_RETRIEVED,
        "partial_update": Code.PROFILE_UPDATED,
        "destroy": Code.ACCOUNT_DELETED,
    }
    error_codes = {
        "partial_update": Code.PROFILE_UPDATE_FAILED,
        "destroy": Code.ACCOUNT_DELETE_PASSWORD_WRONG,
    }

    def get_serializer_class(self):
        if self.action == "partial_update":
            return serializers.ProfileUpdateSerializer
        if self.action == "destroy":
            return serializers.AccountDeleteSerializer
        return serializers.PrivateProfileSerializer

    def retrieve(self, request):
        return Response(self.get_serializer(self.get_object()).data)

    def partial_update(self, request):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        user = services.user_update_profile(user=request.user, data=serializer.validated_or_raise())
        context = self.get_serializer_context()
        return Response(serializers.PrivateProfileSerializer(user, context=context).data)

    def destroy(self, request):
        data = self.get_serializer(data=request.data).validated_or_raise()
        services.user_delete(user=request.user, password=data["password"])
        return Response(None)


class PasswordChangeView(CodedViewMixin, GenericAPIView):
    serializer_class = serializers.PasswordChangeSerializer
    success_codes = {None: Code.PASSWORD_CHANGED}

    @extend_schema(
        summary="Change my password",
        description=(
            "Wrong current password: 400 code 124; confirmation differs: 135; weak new "
            "password: 109. Revokes every access and refresh token issued before and "
            "answers a fresh pair, so this client stays logged in."
        ),
        responses={200: serializers.TokenPairSerializer},
        tags=["me"],
    )
    def post(self, request):
        data = self.get_serializer(data=request.data).validated_or_raise()
        return Response(services.user_password_change(user=request.user, **data))


@extend_schema_view(
    update=extend_schema(
        summary="Upload my avatar",
        description=(
            "multipart/form-data field `avatar`: a JPEG, PNG, WebP or GIF. Not an image or "
            "too many pixels: 400; over the byte cap: 413. Stored under a random name, "
            "EXIF removed."
        ),
        request=serializers.AvatarSerializer,
        responses={200: serializers.PrivateProfileSerializer},
    ),
    destroy=extend_schema(summary="Remove my avatar", responses={200: None}),
)
class MeAvatarViewSet(OwnAccountMixin, KithGenericViewSet):
    """``/me/avatar/``: PUT a new avatar, DELETE it."""

    serializer_class = serializers.AvatarSerializer
    parser_classes = [MultiPartParser]
    success_codes = {"update": Code.AVATAR_UPDATED, "destroy": Code.AVATAR_REMOVED}
    error_codes = {"update": Code.IMAGE_INVALID}

    def update(self, request):
        data = self.get_serializer(data=request.data).validated_or_raise()
        user = services.user_set_avatar(user=self.get_object(), avatar=data["avatar"])
        context = self.get_serializer_context()
        return Response(serializers.PrivateProfileSerializer(user, context=context).data)

    def destroy(self, request):
        services.user_remove_avatar(user=self.get_object())
        return Response(None)


# --- Other users -------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Find users",
        description=(
            "`?search=` matches username, first or last name (contains) or the exact email "
            "(case-insensitive). Users who blocked you or whom you blocked are hidden."
        ),
    ),
    retrieve=extend_schema(summary="A user's public profile"),
)
class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, KithGenericViewSet):
    """Public profiles of other users; a block in either direction hides (404)."""

    serializer_class = serializers.PublicProfileSerializer
    filter_backends = [SearchFilter]
    search_fields = ["username", "first_name", "last_name", "=email"]
    success_codes = {
        "list": Code.USERS_LISTED,
        "retrieve": Code.USER_RETRIEVED,
        "by_username": Code.USER_RETRIEVED,
    }
    not_found_codes = Code.USER_NOT_FOUND

    def get_queryset(self):
        return selectors.users_visible_to(self.request.user)

    @extend_schema(summary="A user's public profile by username")
    @action(detail=False, methods=["get"], url_path=r"by-username/(?P<username>[^/]+)")
    def by_username(self, request, username: str):
        user = get_object_or_404(self.get_queryset(), username__iexact=username)
        return Response(self.get_serializer(user).data)
