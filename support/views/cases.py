"""Support cases and spam reports (API.md §8)."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from common.codes import Code
from common.permissions import IsStaff
from common.views import KithGenericViewSet
from support import selectors, services
from support.filters import ReportFilter, SupportCaseFilter
from support.models import SupportCase
from support.serializers import ReportSerializer, SupportCaseSerializer

# --- Support cases ------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Support cases",
        description="Your own cases; staff see every case. `?status=open|closed`.",
    ),
    create=extend_schema(
        summary="Open a support case",
        description="Opens its conversation (kind `case`) with you as a member.",
    ),
    retrieve=extend_schema(summary="One support case"),
)
class SupportCaseViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    KithGenericViewSet,
):
    """``/support/cases/``: a user's cases with staff."""

    serializer_class = SupportCaseSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = SupportCaseFilter
    success_codes = {
        "list": Code.CASES_LISTED,
        "create": Code.CASE_OPENED,
        "retrieve": Code.CASE_RETRIEVED,
        "close": Code.CASE_CLOSED,
    }
    error_codes = {"list": Code.CASES_FILTER_INVALID, "create": Code.CASE_OPEN_FAILED}
    not_found_codes = Code.CASE_NOT_FOUND

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SupportCase.objects.none()
        return selectors.case_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.case_open(
            user=self.request.user, **serializer.validated_data
        )

    @extend_schema(
        summary="Close a support case",
        description="Its opener or staff. Already closed: 409 (836).",
        request=None,
        responses={200: SupportCaseSerializer},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        case = services.case_close(case=self.get_object(), by=request.user)
        return Response(self.get_serializer(case).data)


# --- Reports ------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Spam reports (staff)",
        description="Staff only (others 403, 847). `?status=open|resolved`, `?target_type=`.",
    ),
    create=extend_schema(
        summary="Report a job, review, user or message",
        description=(
            "Once per target (409, 843). A target that does not exist, or a message you "
            "cannot see: 404 (842). Reporting yourself: 400 (844)."
        ),
    ),
)
class ReportViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, KithGenericViewSet):
    """``/support/reports/``: anyone reports; staff list and resolve."""

    serializer_class = ReportSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReportFilter
    success_codes = {
        "list": Code.REPORTS_LISTED,
        "create": Code.REPORT_CREATED,
        "resolve": Code.REPORT_RESOLVED,
    }
    error_codes = {"list": Code.REPORTS_FILTER_INVALID, "create": Code.REPORT_INVALID}
    not_found_codes = Code.REPORT_NOT_FOUND
    permission_denied_codes = Code.REPORTS_STAFF_ONLY

    def get_permissions(self):
        if self.action == "create":
            return [IsAuthenticated()]
        return [IsAuthenticated(), IsStaff()]

    def get_queryset(self):
        return selectors.report_list()

    def perform_create(self, serializer):
        serializer.instance = services.report_create(
            reporter=self.request.user, **serializer.validated_data
        )

    @extend_schema(
        summary="Resolve a report (staff)",
        description="Already resolved: 409 (850).",
        request=None,
        responses={200: ReportSerializer},
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        report = services.report_resolve(report=self.get_object(), by=request.user)
        return Response(self.get_serializer(report).data)
