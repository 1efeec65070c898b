"""Admin of the idempotency records: read-only, for looking into a client's retries."""

from django.contrib import admin

from common.models import IdempotencyRecord


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = (
        "key",
        "user",
        "method",
        "path",
        "state",
        "status_code",
        "created_at",
        "expires_at",
    )
    list_filter = ("state", "method", "status_code", "expires_at")
    search_fields = ("key", "path", "user__username", "user__email")
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    exclude = ("response_body",)
    readonly_fields = ("response_size",)

    @admin.display(description="response size (bytes)")
    def response_size(self, record: IdempotencyRecord) -> int:
        return len(record.response_body or b"")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
