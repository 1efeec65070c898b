"""The marketplace endpoints (API.md §7): thin viewsets over selectors and services."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from common.codes import Code
from common.exceptions import NotFound
from common.filters import NamedFiltersBackend, SearchFilter, list_query
from common.pagination import CountedRowsPagination
from common.permissions import IsOwnerOrReadOnly
from common.views import DestroyOkMixin, KithGenericViewSet
from jobs import selectors, services
from jobs.filters import JobFilter, JobSearchFilter, StableOrderingFilter
from jobs.models import Job, JobPicture, Review, Skill
from jobs.permissions import IsJobOwnerOrReadOnly
from jobs.rows import job_rows_representation
from jobs.serializers import (
    CategorySerializer,
    JobPictureCreateSerializer,
    JobPictureSerializer,
    JobPictureUpdateSerializer,
    JobSerializer,
    JobWriteSerializer,
    ReviewSerializer,
    SkillSerializer,
    TimetableDaySerializer,
    timetable_days,
)

TIMETABLE_DOC = (
    "The weekly timetable: `[{day_of_week, slots: [{start_time, end_time}]}]`, days "
    "`monday`..`sunday` in that order, only days that have slots, slots by start time."
)


@extend_schema(tags=["jobs"])
class CategoryViewSet(mixins.ListModelMixin, KithGenericViewSet):
    """Every main category with its subcategories, unpaged (a small reference list)."""

    permission_classes = [AllowAny]
    serializer_class = CategorySerializer
    pagination_class = None
    filter_backends: list = []
    success_codes = {"list": Code.JOB_CATEGORIES_LISTED}

    def get_queryset(self):
        return selectors.categories_with_subcategories()


@extend_schema(tags=["jobs"])
class SkillViewSet(mixins.ListModelMixin, KithGenericViewSet):
    """Skills, paged, by title; ``?search=`` on the title."""

    permission_classes = [AllowAny]
    serializer_class = SkillSerializer
    queryset = Skill.objects.order_by("title", "id")
    filter_backends = [SearchFilter]
    search_fields = ["title"]
    success_codes = {"list": Code.SKILLS_LISTED}


@extend_schema_view(
    list=extend_schema(
        summary="List jobs (anonymous)",
        description=(
            "Filters take ids and combine with AND; `owner=me` needs a bearer token "
            "(anonymous: 400). `search` matches every word in the title, description or "
            "skill titles (each job once). Default order: newest first; every ordering "
            "ends with the id as a tie-break; jobs without an hourly rate sort last. "
            "Items carry every job field, the timetable included (read with the page: "
            "a list costs one query whatever the page size)."
        ),
    ),
    retrieve=extend_schema(summary="A job (anonymous)"),
    create=extend_schema(request=JobWriteSerializer, responses={201: JobSerializer}),
    partial_update=extend_schema(request=JobWriteSerializer, responses={200: JobSerializer}),
    destroy=extend_schema(responses={200: None}),
)
@extend_schema(tags=["jobs"])
class JobViewSet(
    DestroyOkMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    KithGenericViewSet,
):
    """Jobs are public; the owner alone edits or deletes them (others: 403)."""

    serializer_class = JobSerializer
    permission_classes = [IsAuthenticatedOrReadOnly, IsOwnerOrReadOnly]
    http_method_names = ["get", "post", "patch", "put", "delete", "head", "options"]
    filter_backends = [NamedFiltersBackend, JobSearchFilter, StableOrderingFilter]
    filterset_class = JobFilter
    pagination_class = CountedRowsPagination
    search_fields = ["title", "description", "skills__title"]
    ordering_fields = ["average_rating", "created_at", "hourly_rate", "title"]
    ordering = ["-created_at", "-id"]
    success_codes = {
        "list": Code.JOBS_LISTED,
        "retrieve": Code.JOB_RETRIEVED,
        "create": Code.JOB_CREATED,
        "partial_update": Code.JOB_UPDATED,
        "destroy": Code.JOB_DELETED,
    }
    error_codes = {
        "list": Code.JOBS_FILTER_INVALID,
        "create": Code.JOB_CREATE_FAILED,
        "partial_update": Code.JOB_UPDATE_FAILED,
        "timetable": Code.TIMETABLE_INVALID,
    }
    # An out-of-range ?page= of the list stays the generic 404.
    not_found_codes = {
        action: Code.JOB_NOT_FOUND
        for action in ("retrieve", "partial_update", "destroy", "timetable")
    }
    permission_denied_codes = Code.JOB_NOT_OWNER

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.jobs_for_display()
        # The list reads rows (see list()); writes and the timetable need the bare row
        # (write answers are re-read for display).
        return Job.objects.all()

    def list(self, request, *args, **kwargs):
        """One query for the page: filtered, ordered, counted, joined for display, and
        each job's skills, pictures and slots as JSON lists, compiled once per shape
        (``selectors.job_pages``)."""
        jobs = selectors.job_pages(query=list_query(request, self))
        rows = self.paginator.paginate_rows(jobs.page, lambda: jobs, request)
        return self.get_paginated_response(job_rows_representation(rows, request))

    def _output(self, job: Job, status_code: int = status.HTTP_200_OK) -> Response:
        job = selectors.jobs_for_display().get(pk=job.pk)
        return Response(self.get_serializer(job).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = JobWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        job = services.job_create(owner=request.user, data=serializer.validated_data)
        return self._output(job, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        job = self.get_object()
        serializer = JobWriteSerializer(
            job, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        services.job_update(job=job, data=serializer.validated_data)
        return self._output(job)

    def perform_destroy(self, instance):
        services.job_delete(job=instance)

    @extend_schema(
        methods=["GET"],
        summary="A job's weekly timetable (anonymous)",
        description=TIMETABLE_DOC,
        responses={200: TimetableDaySerializer(many=True)},
    )
    @extend_schema(
        methods=["PUT"],
        summary="Replace a job's weekly timetable (owner)",
        description=(
            "Takes the same bare list the GET answers and replaces the whole timetable "
            "in one transaction (`[]` clears it). Each day at most once; in a day, "
            "`start_time < end_time` and no two slots overlap (touching is fine); at "
            f"most 24 slots a day. Invalid: 400 code {int(Code.TIMETABLE_INVALID)} with "
            "field errors such as `0.slots.1.end_time`. " + TIMETABLE_DOC
        ),
        request=TimetableDaySerializer(many=True),
        responses={200: TimetableDaySerializer(many=True)},
    )
    @action(
        detail=True,
        methods=["get", "put"],
        url_path="timetable",
        parser_classes=[JSONParser],
        pagination_class=None,
        filter_backends=[],
    )
    def timetable(self, request, pk=None):
        job = self.get_object()
        if request.method == "PUT":
            serializer = TimetableDaySerializer(data=request.data, many=True)
            serializer.is_valid(raise_exception=True)
            slots = services.timetable_replace(job=job, days=serializer.validated_data)
            code = Code.TIMETABLE_REPLACED
        else:
            slots = selectors.job_slots(job_id=job.pk)
            code = Code.TIMETABLE_RETRIEVED
        response = Response(TimetableDaySerializer(timetable_days(slots), many=True).data)
        response.code = code
        return response


class _JobChildMixin:
    """Views under ``/jobs/{job_id}/``: the path's job, or 404 with the job code."""

    def get_job(self) -> Job:
        if not hasattr(self, "_job"):
            try:
                self._job = Job.objects.get(pk=self.kwargs["job_id"])
            except (Job.DoesNotExist, ValueError, TypeError):
                raise NotFound(Code.JOB_NOT_FOUND) from None
        return self._job


@extend_schema_view(
    create=extend_schema(
        summary="Add a picture (job owner)",
        request={"multipart/form-data": JobPictureCreateSerializer},
        responses={201: JobPictureSerializer},
        description=(
            "Multipart `image` (JPEG, PNG, WebP or GIF; 5 MB, 40 megapixels) and optional "
            "`is_main`. A job's first picture is its main one; `is_main=true` moves the "
            "main mark to the new picture. At most 10 pictures per job."
        ),
    ),
    partial_update=extend_schema(
        summary="Make a picture the main one (job owner)",
        request=JobPictureUpdateSerializer,
        responses={200: JobPictureSerializer},
        description="`is_main: true` makes it the main picture; `false` changes nothing.",
    ),
    destroy=extend_schema(
        summary="Remove a picture (job owner)",
        responses={200: None},
        description="Removing the main picture makes the oldest remaining one main.",
    ),
)
@extend_schema(tags=["jobs"])
class JobPictureViewSet(
    _JobChildMixin,
    DestroyOkMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    KithGenericViewSet,
):
    """A job's pictures: only its owner adds, changes or removes them (others: 403)."""

    serializer_class = JobPictureSerializer
    permission_classes = [IsAuthenticated, IsJobOwnerOrReadOnly]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    http_method_names = ["post", "patch", "delete", "options"]
    filter_backends: list = []
    success_codes = {
        "create": Code.JOB_PICTURE_ADDED,
        "partial_update": Code.JOB_PICTURE_UPDATED,
        "destroy": Code.JOB_PICTURE_REMOVED,
    }
    error_codes = {"create": Code.JOB_PICTURE_INVALID, "partial_update": Code.JOB_PICTURE_INVALID}
    not_found_codes = Code.JOB_PICTURE_NOT_FOUND
    permission_denied_codes = Code.JOB_NOT_OWNER

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return JobPicture.objects.none()
        return JobPicture.objects.filter(job=self.get_job()).select_related("job")

    def create(self, request, *args, **kwargs):
        job = self.get_job()
        self.check_object_permissions(request, job)
        serializer = JobPictureCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        picture = services.picture_add(job=job, **serializer.validated_data)
        return Response(self.get_serializer(picture).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        picture = self.get_object()
        serializer = JobPictureUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data["is_main"]:
            picture = services.picture_set_main(picture=picture)
        return Response(self.get_serializer(picture).data)

    def perform_destroy(self, instance):
        services.picture_delete(picture=instance)


@extend_schema_view(
    list=extend_schema(summary="A job's reviews, newest first (anonymous)"),
    retrieve=extend_schema(summary="A review (anonymous)"),
    create=extend_schema(
        summary="Review a job",
        description=(
            "One review per user per job (a second one: 409); never your own job (403); "
            "`rating` 1..5. The job's `average_rating` and `review_count` follow at once."
        ),
        responses={201: ReviewSerializer},
    ),
    partial_update=extend_schema(summary="Edit your review (author)"),
    destroy=extend_schema(summary="Delete your review (author)", responses={200: None}),
)
@extend_schema(tags=["jobs"])
class ReviewViewSet(
    _JobChildMixin,
    DestroyOkMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    KithGenericViewSet,
):
    """Reviews are public; their author alone edits or deletes them (others: 403)."""

    serializer_class = ReviewSerializer
    permission_classes = [IsAuthenticatedOrReadOnly, IsOwnerOrReadOnly]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filter_backends: list = []
    success_codes = {
        "list": Code.REVIEWS_LISTED,
        "retrieve": Code.REVIEW_RETRIEVED,
        "create": Code.REVIEW_CREATED,
        "partial_update": Code.REVIEW_UPDATED,
        "destroy": Code.REVIEW_DELETED,
    }
    error_codes = {"create": Code.REVIEW_CREATE_FAILED, "partial_update": Code.REVIEW_UPDATE_FAILED}
    not_found_codes = {
        action: Code.REVIEW_NOT_FOUND for action in ("retrieve", "partial_update", "destroy")
    }
    permission_denied_codes = Code.REVIEW_NOT_AUTHOR

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Review.objects.none()
        return selectors.job_reviews(job_id=self.get_job().pk)

    def get_object(self):
        review = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, review)
        return review

    def perform_create(self, serializer):
        serializer.instance = services.review_create(
            job=self.get_job(), user=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.review_update(
            review=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.review_delete(review=instance)
