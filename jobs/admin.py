"""Admin of the marketplace. Review edits and deletions made here go through the review
services too, so a job's ``average_rating`` and ``review_count`` stay exact."""

from django.contrib import admin
from django.db import transaction

from jobs import services
from jobs.models import Category, Job, JobPicture, Review, Skill, Subcategory, TimetableSlot


class SubcategoryInline(admin.TabularInline):
    model = Subcategory
    extra = 1


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "id", "subcategory_count"]
    search_fields = ["name", "subcategories__name"]
    inlines = [SubcategoryInline]

    @admin.display(description="subcategories")
    def subcategory_count(self, obj):
        return obj.subcategories.count()


@admin.register(Subcategory)
class SubcategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "id"]
    list_select_related = ["category"]
    list_filter = ["category"]
    search_fields = ["name", "category__name"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["title", "id"]
    search_fields = ["title"]


class JobPictureInline(admin.TabularInline):
    model = JobPicture
    extra = 0
    fields = ["image", "is_main", "created_at"]
    readonly_fields = ["created_at"]


class ReviewInline(admin.TabularInline):
    """Read-only here: reviews are moderated in their own list (see ReviewAdmin)."""

    model = Review
    extra = 0
    fields = ["user", "rating", "title", "comment", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class TimetableSlotInline(admin.TabularInline):
    model = TimetableSlot
    extra = 0


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "owner",
        "subcategory",
        "city",
        "hourly_rate",
        "average_rating",
        "review_count",
        "created_at",
    ]
    list_select_related = ["owner", "subcategory", "city"]
    list_filter = ["subcategory__category", "created_at"]
    search_fields = ["title", "description", "owner__username", "owner__email", "skills__title"]
    raw_id_fields = ["owner"]
    autocomplete_fields = ["city", "subcategory", "skills"]
    readonly_fields = ["average_rating", "review_count", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    inlines = [JobPictureInline, ReviewInline, TimetableSlotInline]

    def save_model(self, request, obj, form, change):
        if change:  # never write back the aggregates read when the form was opened
            obj.save(update_fields=services.job_editable_fields())
        else:
            obj.save()


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Moderation list: newest first, filter by rating, search by text, job or author."""

    list_display = ["id", "job", "user", "rating", "title", "short_comment", "created_at"]
    list_select_related = ["job", "user"]
    list_filter = ["rating", "created_at"]
    search_fields = ["title", "comment", "job__title", "user__username", "user__email"]
    raw_id_fields = ["job", "user"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]

    @admin.display(description="comment")
    def short_comment(self, obj):
        return obj.comment if len(obj.comment) <= 80 else f"{obj.comment[:77]}..."

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            services.job_rating_refresh(job_id=obj.job_id)
            if change and "job" in form.changed_data and form.initial.get("job"):
                services.job_rating_refresh(job_id=form.initial["job"])

    def delete_model(self, request, obj):
        services.review_delete(review=obj)

    def delete_queryset(self, request, queryset):
        for review in queryset.select_related(None):
            services.review_delete(review=review)


@admin.register(JobPicture)
class JobPictureAdmin(admin.ModelAdmin):
    list_display = ["id", "job", "is_main", "created_at"]
    list_select_related = ["job"]
    list_filter = ["is_main"]
    search_fields = ["job__title"]
    raw_id_fields = ["job"]


@admin.register(TimetableSlot)
class TimetableSlotAdmin(admin.ModelAdmin):
    list_display = ["job", "day_of_week", "start_time", "end_time"]
    list_select_related = ["job"]
    list_filter = ["day_of_week"]
    search_fields = ["job__title"]
    raw_id_fields = ["job"]
