"""Filters of the support lists."""

import django_filters

from common.filters import CachedFormFilterSet
from support.models import Conversation, Report, SupportCase


class ConversationFilter(CachedFormFilterSet):
    """``?kind=direct|event|case`` (validated on every list request that names it: its
    form class is built once)."""

    kind = django_filters.ChoiceFilter(choices=Conversation.Kind.choices)

    class Meta:
        model = Conversation
        fields = ["kind"]


class SupportCaseFilter(django_filters.FilterSet):
    """``?status=open|closed``."""

    status = django_filters.ChoiceFilter(choices=SupportCase.Status.choices)

    class Meta:
        model = SupportCase
        fields = ["status"]


class ReportFilter(django_filters.FilterSet):
    """``?status=open|resolved`` and ``?target_type=job|review|user|message``."""

    status = django_filters.ChoiceFilter(choices=Report.Status.choices)
    target_type = django_filters.ChoiceFilter(choices=Report.TargetType.choices)

    class Meta:
        model = Report
        fields = ["status", "target_type"]
