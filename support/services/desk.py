"""Writes of the support desk (API.md §8): support cases, spam reports and blocks, and
the moderation desk's closing of cases. Same conventions as :mod:`support.services.chat`.
"""

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Block, User
from accounts.signals import user_blocked
from common.codes import Code
from common.exceptions import Conflict, NotFound, ValidationFailed
from support.models import Conversation, Report, SupportCase
from support.selectors import messages_accessible_to
from support.services.chat import _new_member

# Report target type -> (app label, model name), looked up through the app registry so
# that ``support`` imports none of the target apps. A model that is not installed (yet)
# makes every target of that type "not found".
REPORT_TARGETS: dict[str, tuple[str, str]] = {
    Report.TargetType.JOB: ("jobs", "Job"),
    Report.TargetType.REVIEW: ("jobs", "Review"),
    Report.TargetType.USER: ("accounts", "User"),
    Report.TargetType.MESSAGE: ("support", "Message"),
}


# --- Support cases ------------------------------------------------------------------


def case_open(*, user: User, title: str, description: str = "") -> SupportCase:
    """Open a support case with its conversation (kind ``case``, the opener a member)."""
    with transaction.atomic():
        conversation = Conversation.objects.create(kind=Conversation.Kind.CASE, title=title)
        _new_member(conversation, user=user).save(force_insert=True)
        return SupportCase.objects.create(
            title=title, description=description, opened_by=user, conversation=conversation
        )


def case_close(*, case: SupportCase, by: User) -> SupportCase:
    """Close a case (its opener or staff; the caller scoped the case). Closed: 409."""
    if not (by.is_staff or case.opened_by_id == by.pk):
        raise NotFound(Code.CASE_NOT_FOUND)
    if not cases_close(cases=SupportCase.objects.filter(pk=case.pk), by=by):
        raise Conflict(Code.CASE_ALREADY_CLOSED)
    case.refresh_from_db()
    return case


# --- Spam reports -------------------------------------------------------------------


def report_target_exists(*, target_type: str, target_id: int, user: User) -> bool:
    """True when the target exists and ``user`` could see it (messages: only in
    conversations they may access, so a report can't probe for message ids)."""
    if target_type == Report.TargetType.MESSAGE:
        return messages_accessible_to(user).filter(pk=target_id).exists()
    app_label, model_name = REPORT_TARGETS[target_type]
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return model._default_manager.filter(pk=target_id).exists()


def report_create(*, reporter: User, target_type: str, target_id: int, reason: str) -> Report:
    """File ``reporter``'s report on a target; once per reporter per target (409)."""
    if target_type == Report.TargetType.USER and target_id == reporter.pk:
        raise ValidationFailed(Code.REPORT_SELF, errors={"target_id": [Code.REPORT_SELF.msg]})
    if not report_target_exists(target_type=target_type, target_id=target_id, user=reporter):
        raise NotFound(Code.REPORT_TARGET_NOT_FOUND)
    try:
        with transaction.atomic():
            return Report.objects.create(
                reporter=reporter, target_type=target_type, target_id=target_id, reason=reason
            )
    except IntegrityError:
        raise Conflict(Code.REPORT_DUPLICATE) from None


def report_resolve(*, report: Report, by: User) -> Report:
    """Mark a report resolved by staff member ``by``. Already resolved: 409."""
    if not reports_resolve(reports=Report.objects.filter(pk=report.pk), by=by):
        raise Conflict(Code.REPORT_ALREADY_RESOLVED)
    report.refresh_from_db()
    return report


def reports_resolve(*, reports, by: User) -> int:
    """Resolve the open reports among ``reports`` (a queryset); the number resolved."""
    now = timezone.now()
    return reports.filter(status=Report.Status.OPEN).update(
        status=Report.Status.RESOLVED, resolved_at=now, resolved_by=by, updated_at=now
    )


# --- Blocks -------------------------------------------------------------------------


def user_block(*, blocker: User, blocked: User) -> Block:
    """``blocker`` blocks ``blocked``: yourself 400, twice 409.

    Sends ``accounts.signals.user_blocked`` inside the transaction, so the receivers'
    effects (contacts ends the friendship and pending requests) commit with the block
    or not at all. While it stands, neither may message the other in a direct chat.
    """
    if blocker.pk == blocked.pk:
        raise ValidationFailed(Code.BLOCK_SELF, errors={"user": [Code.BLOCK_SELF.msg]})
    with transaction.atomic():
        try:
            with transaction.atomic():
                block = Block.objects.create(blocker=blocker, blocked=blocked)
        except IntegrityError:
            raise Conflict(Code.BLOCK_EXISTS) from None
        user_blocked.send(sender=Block, blocker=blocker, blocked=blocked)
    return block


def user_unblock(*, blocker: User, blocked_id: int) -> None:
    """Lift ``blocker``'s block of the user ``blocked_id``; 404 when there is none."""
    deleted, _ = Block.objects.filter(blocker=blocker, blocked_id=blocked_id).delete()
    if not deleted:
        raise NotFound(Code.BLOCK_NOT_FOUND)


# --- Moderation (the Django admin desk) ---------------------------------------------


def cases_close(*, cases, by: User) -> int:
    """Close the open cases among ``cases`` (a queryset); the number closed."""
    now = timezone.now()
    return cases.filter(status=SupportCase.Status.OPEN).update(
        status=SupportCase.Status.CLOSED, closed_at=now, closed_by=by, updated_at=now
    )
