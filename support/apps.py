from django.apps import AppConfig


class SupportConfig(AppConfig):
    """Chat and support: conversations, messages, cases, reports and blocking (§8)."""

    name = "support"
    verbose_name = "Chat and support"
