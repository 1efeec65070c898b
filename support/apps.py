from django.apps import AppConfig


class SupportConfig(AppConfig):
    """Chat and support: conversations, messages, cases, reports and blocking (§8)."""

    name = "support"
    verbose_name = "Chat and support"

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models.signals import pre_delete

        from support.receivers import forget_unread_messages_of_deleted_user

        # A deleted account's messages leave the unread counts (see the receiver).
        pre_delete.connect(
            forget_unread_messages_of_deleted_user,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="support.forget_unread_messages_of_deleted_user",
        )
