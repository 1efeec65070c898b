"""Serializers of the marketplace (API.md §7). Input and output are split where they differ."""

from datetime import time

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.serializers import PublicProfileSerializer, public_profile
from common.images import ImageUploadField
from common.serializers import file_url, iso_datetime
from jobs.models import Category, Job, JobPicture, Review, Skill, Subcategory, Weekday
from locations.models import City
from locations.serializers import IdRelatedField

MAX_SKILLS_PER_JOB = 20
MAX_SLOTS_PER_DAY = 24
DAY_NAMES = [label for _, label in Weekday.choices]


# --- reference data -------------------------------------------------------------------


class SubcategoryBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Subcategory
        fields = ["id", "name"]


class CategorySerializer(serializers.ModelSerializer):
    subcategories = SubcategoryBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Category
        fields = ["id", "name", "subcategories"]


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["id", "title"]


# --- timetable --------------------------------------------------------------------------


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$",
        "example": "09:30",
        "description": "Local wall-clock time `HH:MM[:SS]` (answers carry seconds).",
    }
)
class WeeklyTimeField(serializers.TimeField):
    """A time of day without a date or offset (OpenAPI's ``time`` format needs one)."""


class TimetableSlotSerializer(serializers.Serializer):
    """One span of a day, ``start_time < end_time`` (``HH:MM[:SS]``)."""

    start_time = WeeklyTimeField()
    end_time = WeeklyTimeField()

    def validate(self, attrs):
        if attrs["start_time"] >= attrs["end_time"]:
            raise serializers.ValidationError({"end_time": ["Must be after start_time."]})
        return attrs


class TimetableListSerializer(serializers.ListSerializer):
    """The whole weekly timetable: each day at most once.

    Checked in ``to_internal_value`` (not ``validate``) so the error stays bound to the
    repeated item (``1.day_of_week``) instead of becoming a ``non_field_errors`` entry.
    """

    def to_internal_value(self, data):
        attrs = super().to_internal_value(data)
        seen: set[int] = set()
        errors: list[dict] = []
        for day in attrs:
            if day["day_of_week"] in seen:
                errors.append({"day_of_week": ["This day is listed more than once."]})
            else:
                errors.append({})
            seen.add(day["day_of_week"])
        if any(errors):
            raise serializers.ValidationError(errors)
        return attrs


class DayOfWeekField(serializers.ChoiceField):
    """A day name (``monday`` .. ``sunday``) in and out; its number (Monday = 0) inside."""

    def __init__(self, **kwargs):
        super().__init__(choices=DAY_NAMES, **kwargs)

    def to_internal_value(self, data):
        return DAY_NAMES.index(super().to_internal_value(data))

    def to_representation(self, value):
        return DAY_NAMES[value]


class TimetableDaySerializer(serializers.Serializer):
    """A day of the weekly timetable and its slots (no two slots of a day overlap)."""

    day_of_week = DayOfWeekField()
    slots = TimetableSlotSerializer(many=True, max_length=MAX_SLOTS_PER_DAY)

    class Meta:
        list_serializer_class = TimetableListSerializer

    def validate_slots(self, slots):
        ordered = sorted(slots, key=lambda s: (s["start_time"], s["end_time"]))
        for before, after in zip(ordered, ordered[1:], strict=False):
            if after["start_time"] < before["end_time"]:
                raise serializers.ValidationError(
                    f"Slots {_span(before)} and {_span(after)} overlap."
                )
        return ordered


def _span(slot: dict) -> str:
    return f"{_hhmm(slot['start_time'])}-{_hhmm(slot['end_time'])}"


def _hhmm(value: time) -> str:
    return value.isoformat(timespec="seconds" if value.second else "minutes")


def timetable_days(slots) -> list[dict]:
    """Group slots (ordered by day, then start) into ``[{day_of_week, slots}]`` rows."""
    days: dict[int, list] = {}
    for slot in sorted(slots, key=lambda s: (s.day_of_week, s.start_time, s.end_time)):
        days.setdefault(slot.day_of_week, []).append(
            {"start_time": slot.start_time, "end_time": slot.end_time}
        )
    return [{"day_of_week": day, "slots": spans} for day, spans in days.items()]


def timetable_representation(slots) -> list[dict]:
    """``TimetableDaySerializer(timetable_days(slots), many=True).data``, built by hand
    (times as ``HH:MM:SS``, as DRF's ``TimeField`` writes them)."""
    return [
        {
            "day_of_week": DAY_NAMES[day["day_of_week"]],
            "slots": [
                {
                    "start_time": span["start_time"].isoformat(),
                    "end_time": span["end_time"].isoformat(),
                }
                for span in day["slots"]
            ],
        }
        for day in timetable_days(slots)
    ]


# --- pictures -------------------------------------------------------------------------


class JobPictureSerializer(serializers.ModelSerializer):
    image = serializers.ImageField(read_only=True)

    class Meta:
        model = JobPicture
        fields = ["id", "image", "is_main"]
        read_only_fields = fields


class JobPictureCreateSerializer(serializers.Serializer):
    """Multipart upload: ``image`` (JPEG, PNG, WebP or GIF) and optional ``is_main``."""

    image = ImageUploadField()
    is_main = serializers.BooleanField(required=False, default=False)


class JobPictureUpdateSerializer(serializers.Serializer):
    """Only ``is_main: true`` means something: it makes this picture the main one."""

    is_main = serializers.BooleanField()


# --- jobs -----------------------------------------------------------------------------


def _money_field(name: str) -> serializers.DecimalField:
    """The DRF field ``ModelSerializer`` builds for the decimal column ``name``."""
    column = Job._meta.get_field(name)
    return serializers.DecimalField(
        max_digits=column.max_digits, decimal_places=column.decimal_places
    )


_HOURLY_RATE = _money_field("hourly_rate")
_INITIAL_COST = _money_field("initial_cost")


def _money(field: serializers.DecimalField, value) -> str | None:
    return None if value is None else field.to_representation(value)


def _prefetched(job: Job, attribute: str, relation: str):
    """The list ``jobs_for_display`` prefetched into ``attribute``, else the relation."""
    rows = getattr(job, attribute, None)
    return rows if rows is not None else getattr(job, relation).all()


class JobSerializer(serializers.ModelSerializer):
    """A job as everyone sees it; lists and the detail share it (see the views)."""

    subcategory_name = serializers.CharField(source="subcategory.name", read_only=True)
    category = serializers.IntegerField(source="subcategory.category_id", read_only=True)
    category_name = serializers.CharField(source="subcategory.category.name", read_only=True)
    city_name = serializers.CharField(source="city.name", read_only=True)
    province = serializers.IntegerField(source="city.province_id", read_only=True)
    province_name = serializers.CharField(source="city.province.name", read_only=True)
    owner = PublicProfileSerializer(read_only=True)
    skills = SkillSerializer(many=True, read_only=True)
    main_picture = serializers.SerializerMethodField()
    pictures = JobPictureSerializer(many=True, read_only=True)
    average_rating = serializers.FloatField(
        read_only=True, help_text="Mean review rating, 2 decimals; 0 when there are none."
    )
    timetable = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id",
            "title",
            "description",
            "subcategory",
            "subcategory_name",
            "category",
            "category_name",
            "city",
            "city_name",
            "province",
            "province_name",
            "owner",
            "skills",
            "experiences",
            "hourly_rate",
            "initial_cost",
            "main_picture",
            "pictures",
            "average_rating",
            "review_count",
            "timetable",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def to_representation(self, job: Job) -> dict:
        """Built by hand (``common.serializers``) for the detail and write answers; the
        list builds the same from rows (:func:`jobs.rows.job_rows_representation`). Needs the
        joins and prefetches of ``jobs.selectors.jobs_for_display``."""
        request = self.context.get("request")
        subcategory, city = job.subcategory, job.city
        pictures = _prefetched(job, "picture_list", "pictures")
        main = next((p for p in pictures if p.is_main), None)
        return {
            "id": job.pk,
            "title": job.title,
            "description": job.description,
            "subcategory": job.subcategory_id,
            "subcategory_name": subcategory.name,
            "category": subcategory.category_id,
            "category_name": subcategory.category.name,
            "city": job.city_id,
            "city_name": city.name,
            "province": city.province_id,
            "province_name": city.province.name,
            "owner": public_profile(job.owner, request),
            "skills": [
                {"id": skill.pk, "title": skill.title}
                for skill in _prefetched(job, "skill_list", "skills")
            ],
            "experiences": job.experiences,
            "hourly_rate": _money(_HOURLY_RATE, job.hourly_rate),
            "initial_cost": _money(_INITIAL_COST, job.initial_cost),
            "main_picture": None if main is None else file_url(main.image, request),
            "pictures": [
                {"id": p.pk, "image": file_url(p.image, request), "is_main": p.is_main}
                for p in pictures
            ],
            "average_rating": float(job.average_rating),
            "review_count": job.review_count,
            "timetable": timetable_representation(_prefetched(job, "slot_list", "timetable_slots")),
            "created_at": iso_datetime(job.created_at),
            "updated_at": iso_datetime(job.updated_at),
        }

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_main_picture(self, job: Job) -> str | None:
        main = next((p for p in _prefetched(job, "picture_list", "pictures") if p.is_main), None)
        if main is None:
            return None
        url = main.image.url
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    @extend_schema_field(TimetableDaySerializer(many=True))
    def get_timetable(self, job: Job) -> list[dict]:
        slots = _prefetched(job, "slot_list", "timetable_slots")
        return TimetableDaySerializer(timetable_days(slots), many=True).data


class JobWriteSerializer(serializers.ModelSerializer):
    """Create and edit a job. ``skills`` is a list of names; unknown names become skills."""

    subcategory = IdRelatedField(queryset=Subcategory.objects.select_related("category"))
    city = IdRelatedField(queryset=City.objects.select_related("province"))
    skills = serializers.ListField(
        child=serializers.CharField(max_length=50),
        required=False,
        max_length=MAX_SKILLS_PER_JOB,
        help_text="Skill names (case-insensitive; new names create skills).",
    )

    class Meta:
        model = Job
        fields = [
            "title",
            "description",
            "subcategory",
            "city",
            "skills",
            "experiences",
            "hourly_rate",
            "initial_cost",
        ]
        extra_kwargs = {"hourly_rate": {"required": False}, "initial_cost": {"required": False}}


# --- reviews --------------------------------------------------------------------------


class ReviewSerializer(serializers.ModelSerializer):
    """A review; ``rating`` 1..5 is required on create, everything is optional on PATCH."""

    user = PublicProfileSerializer(read_only=True)
    rating = serializers.IntegerField(min_value=1, max_value=5)

    class Meta:
        model = Review
        fields = ["id", "job", "user", "title", "comment", "rating", "created_at", "updated_at"]
        read_only_fields = ["id", "job", "user", "created_at", "updated_at"]
