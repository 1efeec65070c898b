"""The moderation desk: the report queue, support cases with their messages, chats."""

from django.contrib import admin, messages
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from support import services
from support.models import Conversation, ConversationMember, Message, Report, SupportCase

# --- Conversations and messages -----------------------------------------------------


class ConversationMemberInline(admin.TabularInline):
    model = ConversationMember
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["unread_count", "joined_at"]
    fields = ["user", "last_read_id", "unread_count", "joined_at"]


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "title", "last_activity_at", "created_at"]
    list_filter = ["kind", "last_activity_at"]
    search_fields = ["title", "members__username", "members__email"]
    raw_id_fields = ["direct_low", "direct_high", "last_message"]
    readonly_fields = ["last_activity_at", "created_at"]
    inlines = [ConversationMemberInline]

    def save_formset(self, request, form, formset, change):
        # Members added, removed or with a read marker moved here: recount them, and
        # give those added the conversation's activity time.
        super().save_formset(request, form, formset, change)
        services.conversations_unread_recount(conversation_ids=[form.instance.pk])
        services.conversations_activity_copy(conversation_ids=[form.instance.pk])


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["id", "conversation", "sender", "excerpt", "created_at", "edited_at", "deleted"]
    list_filter = ["conversation__kind", ("deleted_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["text", "sender__username", "sender__email"]
    raw_id_fields = ["conversation", "sender"]
    list_select_related = ["sender", "conversation"]
    readonly_fields = ["created_at", "edited_at", "deleted_at"]
    actions = ["remove_messages"]

    @admin.display(description="text")
    def excerpt(self, obj: Message) -> str:
        return "(deleted)" if obj.deleted else obj.text[:80]

    @admin.display(boolean=True)
    def deleted(self, obj: Message) -> bool:
        return obj.deleted

    @admin.action(description="Remove selected messages (keep tombstones)")
    def remove_messages(self, request, queryset):
        count = services.messages_remove(messages=queryset)
        self.message_user(request, f"{count} message(s) removed.", messages.SUCCESS)

    # Messages written, moved or deleted here bypass the message services: the unread
    # counts of the conversations concerned are recounted in the same transaction.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        before = form.initial.get("conversation")
        services.conversations_unread_recount(
            conversation_ids=[obj.conversation_id] + ([before] if before else [])
        )

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.conversations_unread_recount(conversation_ids=[obj.conversation_id])

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            conversation_ids = set(queryset.order_by().values_list("conversation_id", flat=True))
            super().delete_queryset(request, queryset)
            services.conversations_unread_recount(conversation_ids=conversation_ids)


# --- Support cases ------------------------------------------------------------------


class CaseMessageFormSet(BaseInlineFormSet):
    """Messages belong to the case's conversation, not to the case: the admin hands the
    formset the case, and it works on the case's conversation instead."""

    def __init__(self, data=None, files=None, instance=None, **kwargs):
        conversation = getattr(instance, "conversation", None) if instance is not None else None
        super().__init__(data, files, instance=conversation, **kwargs)


class CaseMessageInline(admin.TabularInline):
    """The messages of a case's conversation, read-only, oldest first."""

    model = Message
    formset = CaseMessageFormSet
    fields = ["sender", "text", "created_at", "edited_at", "deleted_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["id"]
    verbose_name_plural = "messages of the case's conversation"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sender")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SupportCase)
class SupportCaseAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "status", "opened_by", "created_at", "closed_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["title", "description", "opened_by__username", "opened_by__email"]
    list_select_related = ["opened_by"]
    raw_id_fields = ["opened_by", "conversation", "closed_by"]
    readonly_fields = ["created_at", "updated_at", "closed_at", "closed_by"]
    actions = ["close_cases"]

    def get_inline_instances(self, request, obj=None):
        # The message inline is an inline of Conversation (messages point there), so it
        # is built here rather than listed in ``inlines``; its formset maps the case to
        # its conversation.
        if obj is None:
            return []
        inline = CaseMessageInline(Conversation, self.admin_site)
        return [inline] if inline.has_view_permission(request, obj) else []

    @admin.action(description="Close selected cases")
    def close_cases(self, request, queryset):
        count = services.cases_close(cases=queryset, by=request.user)
        self.message_user(request, f"{count} case(s) closed.", messages.SUCCESS)


# --- Reports ------------------------------------------------------------------------


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The report queue: open reports first, filter by status and type, resolve many."""

    list_display = [
        "id",
        "target_type",
        "target",
        "reporter",
        "reason_excerpt",
        "status",
        "created_at",
        "resolved_by",
    ]
    list_filter = ["status", "target_type", "created_at"]
    search_fields = ["reason", "reporter__username", "reporter__email", "=target_id"]
    list_select_related = ["reporter", "resolved_by"]
    raw_id_fields = ["reporter", "resolved_by"]
    readonly_fields = ["created_at", "updated_at", "resolved_at", "resolved_by"]
    ordering = ["status", "-created_at", "-id"]
    actions = ["resolve_reports"]

    @admin.display(description="target")
    def target(self, obj: Report) -> str:
        app_label, model_name = services.REPORT_TARGETS[obj.target_type]
        try:
            url = reverse(f"admin:{app_label}_{model_name.lower()}_change", args=[obj.target_id])
        except NoReverseMatch:
            return f"#{obj.target_id}"
        return format_html('<a href="{}">#{}</a>', url, obj.target_id)

    @admin.display(description="reason")
    def reason_excerpt(self, obj: Report) -> str:
        return obj.reason[:80]

    @admin.action(description="Resolve selected reports")
    def resolve_reports(self, request, queryset):
        count = services.reports_resolve(reports=queryset, by=request.user)
        self.message_user(request, f"{count} report(s) resolved.", messages.SUCCESS)
