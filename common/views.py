"""Viewset base classes and the platform endpoints (codes, health)."""

from django.db import DatabaseError, connection
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common.codes import Code
from common.exceptions import ServiceUnavailable
from common.ids import ID_REGEX


class CodedViewMixin:
    """Declares the response codes of each action.

    ``success_codes``: action -> code of its success. ``error_codes``: action -> code of
    a validation failure. ``not_found_codes`` / ``permission_denied_codes``: a code or
    an action -> code mapping. The renderer and exception handler read these.
    """

    success_codes: dict[str, Code] = {}
    error_codes: dict[str, Code] = {}
    not_found_codes: Code | dict[str, Code] | None = None
    permission_denied_codes: Code | dict[str, Code] | None = None


class DestroyOkMixin:
    """Deletes answer 200 with the envelope and ``data: null`` (API.md §1.1)."""

    def destroy(self, request, *args, **kwargs):
        self.perform_destroy(self.get_object())
        return Response(None, status=status.HTTP_200_OK)


class KithGenericViewSet(CodedViewMixin, viewsets.GenericViewSet):
    """Base of every Kith viewset."""

    lookup_value_regex = ID_REGEX


class KithModelViewSet(
    CodedViewMixin,
    DestroyOkMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """A full CRUD viewset with declared codes and 200 deletes."""

    lookup_value_regex = ID_REGEX


_CodeSerializer = inline_serializer(
    "ResponseCode",
    {
        "code": serializers.IntegerField(),
        "name": serializers.CharField(),
        "msg": serializers.CharField(),
    },
    many=True,
)


class CodesView(CodedViewMixin, APIView):
    """Every response code of the API, unpaged."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    success_codes = {None: Code.CODES_LISTED}

    @extend_schema(responses=_CodeSerializer, tags=["platform"])
    def get(self, request):
        return Response([{"code": int(c), "name": c.name, "msg": c.msg} for c in Code])


_HealthSerializer = inline_serializer("Health", {"database": serializers.CharField()})


class HealthView(CodedViewMixin, APIView):
    """200 when the database answers, 503 otherwise."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes: list = []
    success_codes = {None: Code.HEALTHY}
    extra_error_statuses = ("503",)

    @extend_schema(responses=_HealthSerializer, tags=["platform"])
    def get(self, request):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            raise ServiceUnavailable(errors={"database": ["unreachable"]}) from None
        return Response({"database": "ok"})
