"""Signals other apps listen to, so that ``accounts`` needs no import of them.

``user_blocked``: sent (by the blocking service, after the Block row is written, inside
its transaction) with ``blocker`` and ``blocked`` users. Receivers end what a block ends:
``contacts`` removes the friendship and pending friend requests between the two.
"""

from django.dispatch import Signal

user_blocked = Signal()
