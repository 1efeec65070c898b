"""Pagination of the chat's messages over rows fetched by ``support.selectors``, not a
queryset (the conversations use ``common.pagination.CountedRowsPagination``).

It keeps DRF's cursor pagination (``common.pagination``) for everything a client sees
(cursors and their links, the errors), and only replaces how a page's rows are fetched:
by a function that runs one query.
"""

from rest_framework.exceptions import NotFound as DRFNotFound

from common.codes import Code
from common.exceptions import ValidationFailed
from common.ids import MAX_ID
from common.pagination import MessageCursorPagination


class MessagePagination(MessageCursorPagination):
    """The chat cursor; a cursor that does not decode is a 400 on the query, not a 404."""

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except DRFNotFound:
            raise _invalid_cursor() from None

    def paginate_rows(self, fetch, request, view=None):
        """DRF's ``CursorPagination.paginate_queryset`` step by step, for the ordering
        by id, over ``fetch(beyond=, descending=, limit=, offset=)``: messages (dicts
        with their ``id``) past the cursor's position ``beyond`` (an id, or None) in
        the direction of the page."""
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.ordering = self.get_ordering(request, None, view)  # ("id",), as below
        self.cursor = self.decode_cursor(request)
        offset, reverse, position = (0, False, None) if self.cursor is None else self.cursor
        results = fetch(
            beyond=_position_id(position),
            descending=reverse,
            limit=self.page_size + 1,  # one more: is there a page after this one?
            offset=offset,
        )
        self.page = results[: self.page_size]
        following = str(results[-1]["id"]) if len(results) > len(self.page) else None
        if reverse:
            self.page.reverse()
            self.has_next = position is not None or offset > 0
            self.has_previous = following is not None
            self.next_position, self.previous_position = position, following
        else:
            self.has_next = following is not None
            self.has_previous = position is not None or offset > 0
            self.next_position, self.previous_position = following, position
        if (self.has_previous or self.has_next) and self.template is not None:
            self.display_page_controls = True
        return self.page


def _invalid_cursor() -> ValidationFailed:
    return ValidationFailed(Code.MESSAGES_QUERY_INVALID, errors={"cursor": ["Invalid cursor."]})


def _position_id(position: str | None) -> int | None:
    """The id of a cursor's position, as the ORM would read it for a filter on ids: a
    position that is no number (only a made-up cursor has one) is a 400, one past the
    ids a row can have is the last id there is."""
    if position is None:
        return None
    try:
        return max(-MAX_ID, min(int(position), MAX_ID))
    except ValueError:
        raise _invalid_cursor() from None
