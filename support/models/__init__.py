"""Models of chat and support (API.md §8): conversations, messages, cases and reports."""

from support.models.cases import SupportCase
from support.models.conversations import Conversation, ConversationMember, Message
from support.models.reports import Report

__all__ = ["Conversation", "ConversationMember", "Message", "Report", "SupportCase"]
