"""Viewsets of chat and support (API.md §8). Thin: scoping, codes, services."""

from support.views.blocks import BlockViewSet
from support.views.cases import ReportViewSet, SupportCaseViewSet
from support.views.chat import ConversationMessageViewSet, ConversationViewSet, MessageViewSet

__all__ = [
    "BlockViewSet",
    "ConversationMessageViewSet",
    "ConversationViewSet",
    "MessageViewSet",
    "ReportViewSet",
    "SupportCaseViewSet",
]
