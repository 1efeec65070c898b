"""The table of the authorization matrix: what each caller gets on each route.

Rows are keyed by (route name, METHOD). Each row says what each caller gets:
- ``anon``: no token. Private routes answer 401 with code 120.
- ``owner``: the user whose object it is (alice unless the row says otherwise).
- ``other``: bob, a stranger to every object: 404 for private objects, 403 for what he
  can see but may not change (public jobs, reviews, pictures, timetables), the success
  status for public reads and for routes about himself (``/me/``, lists, creates).
- ``staff``: a staff member, otherwise a stranger: staff-only routes succeed, and the
  support routes that staff manage; everything else as for ``other``.
- ``peer``: optionally, a user close to the object (carol, alice's friend, invitee,
  chat partner...) and what she gets: e.g. 403 for another member's message.
Writes carry a valid body, so the owner's answer is a real success. Lists also say which
callers find one of the owner's objects among the items (``listed``): a 200 that shows
alice's contact to bob would be a leak all the same.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts import tokens
from accounts.authentication import tokens_for
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.authz.world import World
from tests.jobs.factories import image_upload

Body = Callable[[World, Any], Any]


@dataclass(frozen=True)
class Listed:
    id: Callable[[World], int]
    seen_by: frozenset[str]


@dataclass(frozen=True)
class Row:
    anon: int
    owner: int
    other: int
    staff: int
    peer: tuple[str, int] | None = None
    owner_user: str = "alice"
    body: Body | None = None
    multipart: bool = False
    query: dict | None = None
    # The object a refused write must leave unchanged.
    target: Callable[[World], Any] | None = None
    # Ignores any bearer token (login-like endpoints, the secret iCal feed).
    tokenless: bool = False
    # For lists: the id of one of the owner's objects, and which callers see it among
    # the items (everyone else who gets the list must not).
    listed: Listed | None = None


def shows(get_id: Callable[[World], int], *seen_by: str) -> Listed:
    """The list shows the object to ``seen_by`` (actors: owner, other, staff, peer, anon)."""
    return Listed(get_id, frozenset(seen_by))


def private(ok: int, *, peer=None, body=None, target=None, **kw) -> Row:
    """Someone's private object: strangers and staff 404."""
    return Row(401, ok, 404, 404, peer=peer, body=body, target=target, **kw)


def mine(ok: int, *, body=None, **kw) -> Row:
    """A route about the caller themself (lists, creates, ``/me/``): any user succeeds."""
    return Row(401, ok, ok, ok, body=body, **kw)


def public(ok: int = 200, *, body=None, **kw) -> Row:
    """Open to everyone, anonymous included (a revoked token is still refused)."""
    return Row(ok, ok, ok, ok, body=body, **kw)


def tokenless(ok: int = 200, *, body=None, **kw) -> Row:
    """Open to everyone and blind to tokens: a stale one cannot make it fail."""
    return Row(ok, ok, ok, ok, body=body, tokenless=True, **kw)


def owner_writes(ok: int, *, body=None, target=None, **kw) -> Row:
    """A public object only its owner changes: others 403."""
    return Row(401, ok, 403, 403, body=body, target=target, **kw)


def staff_only(ok: int = 200, **kw) -> Row:
    return Row(401, 403, 403, ok, **kw)


def _future(days: int = 10) -> str:
    return (timezone.now() + timedelta(days=days)).isoformat()


def _image(w, u):
    return {"image": image_upload()}


NEW_PASSWORD = "N3w!Passw0rd#"

MATRIX: dict[tuple[str, str], Row] = {
    # --- platform
    ("codes", "GET"): tokenless(),
    ("health", "GET"): tokenless(),
    # --- accounts: anonymous endpoints ignore any token
    ("auth-register", "POST"): tokenless(
        201,
        body=lambda w, u: {
            "email": "newbie@matrix.example",
            "password": NEW_PASSWORD,
            "first_name": "New",
            "last_name": "Bie",
        },
    ),
    ("auth-login", "POST"): tokenless(
        body=lambda w, u: {"email": w.alice.email, "password": DEFAULT_PASSWORD}
    ),
    ("auth-refresh", "POST"): tokenless(
        body=lambda w, u: {"refresh": tokens_for(w.alice)["refresh"]}
    ),
    # Logging out someone else's refresh token is refused (400 code 136).
    ("auth-logout", "POST"): Row(
        401, 200, 400, 400, body=lambda w, u: {"refresh": tokens_for(w.alice)["refresh"]}
    ),
    ("auth-verify-email", "POST"): tokenless(
        body=lambda w, u: {"token": tokens.email_verification_token(w.alice)}
    ),
    ("auth-verify-email-resend", "POST"): tokenless(body=lambda w, u: {"email": w.alice.email}),
    ("auth-password-reset", "POST"): tokenless(body=lambda w, u: {"email": w.alice.email}),
    ("auth-password-reset-confirm", "POST"): tokenless(
        body=lambda w, u: {
            "uid": tokens.password_reset_uid(w.alice),
            "token": tokens.password_reset_token(w.alice),
            "new_password": NEW_PASSWORD,
        }
    ),
    ("auth-username-available", "GET"): tokenless(query={"username": "free_name"}),
    # --- accounts: the caller's own account
    ("me", "GET"): mine(200),
    ("me", "PATCH"): mine(200, body=lambda w, u: {"first_name": "Renamed"}),
    ("me", "DELETE"): mine(200, body=lambda w, u: {"password": DEFAULT_PASSWORD}),
    ("me-password", "POST"): mine(
        200,
        body=lambda w, u: {
            "current_password": DEFAULT_PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    ),
    ("me-avatar", "PUT"): mine(200, body=lambda w, u: {"avatar": image_upload()}, multipart=True),
    ("me-avatar", "DELETE"): mine(200),
    ("user-list", "GET"): mine(200),
    ("user-detail", "GET"): mine(200),  # public profiles
    ("user-by-username", "GET"): mine(200),
    # --- contacts, stories, groups: private to their owner
    ("contacts-list", "GET"): mine(200, listed=shows(lambda w: w.contact.pk, "owner")),
    ("contacts-list", "POST"): mine(201, body=lambda w, u: {"first_name": "Yann"}),
    ("contacts-upcoming-birthdays", "GET"): mine(200),
    ("contacts-detail", "GET"): private(200, peer=("carol", 404)),
    ("contacts-detail", "PUT"): private(
        200, body=lambda w, u: {"first_name": "Zed"}, target=lambda w: w.contact
    ),
    ("contacts-detail", "PATCH"): private(
        200, body=lambda w, u: {"first_name": "Zed"}, target=lambda w: w.contact
    ),
    ("contacts-detail", "DELETE"): private(200, target=lambda w: w.contact),
    ("contact-stories-list", "GET"): private(200, listed=shows(lambda w: w.story.pk, "owner")),
    ("contact-stories-list", "POST"): private(201, body=lambda w, u: {"title": "Camping"}),
    ("contact-stories-detail", "GET"): private(200),
    ("contact-stories-detail", "PATCH"): private(
        200, body=lambda w, u: {"title": "Swimming"}, target=lambda w: w.story
    ),
    ("contact-stories-detail", "DELETE"): private(200, target=lambda w: w.story),
    ("groups-list", "GET"): mine(200, listed=shows(lambda w: w.group.pk, "owner")),
    ("groups-list", "POST"): mine(201, body=lambda w, u: {"name": "Hiking"}),
    ("groups-detail", "GET"): private(200),
    ("groups-detail", "PATCH"): private(
        200, body=lambda w, u: {"name": "Bouldering"}, target=lambda w: w.group
    ),
    ("groups-detail", "DELETE"): private(200, target=lambda w: w.group),
    ("groups-add-contact", "POST"): private(200, body=lambda w, u: {"contact_id": w.contact.pk}),
    ("groups-remove-contact", "DELETE"): private(200),
    # --- friends
    ("friends-list", "GET"): mine(200, listed=shows(lambda w: w.carol.pk, "owner")),
    ("friends-detail", "DELETE"): private(200),  # alice unfriends carol
    ("friend-requests-list", "GET"): mine(
        200, listed=shows(lambda w: w.incoming_request.pk, "owner")
    ),
    ("friend-requests-list", "POST"): mine(201, body=lambda w, u: {"to_user": w.ivan.pk}),
    # alice cancels her request to frank; frank (the receiver) may not cancel it.
    ("friend-requests-detail", "DELETE"): private(
        200, peer=("frank", 403), target=lambda w: w.outgoing_request
    ),
    # erin asked alice; erin may not answer her own request.
    ("friend-requests-accept", "POST"): private(
        200, peer=("erin", 403), target=lambda w: w.incoming_request
    ),
    ("friend-requests-decline", "POST"): private(
        200, peer=("erin", 403), target=lambda w: w.incoming_request
    ),
    # --- events: the private single event is invisible even to alice's friend carol;
    # the public group event is visible to her (a friend) but hers to neither invite
    # to nor leave (not a member).
    ("events-list", "GET"): Row(
        401,
        200,
        200,
        200,
        peer=("carol", 200),
        query={"date": "2026-11-22"},
        listed=shows(lambda w: w.event.pk, "owner"),
    ),
    ("events-list", "POST"): mine(
        201,
        body=lambda w, u: {
            "name": "Lunch",
            "start": "2026-11-23T12:00:00Z",
            "end": "2026-11-23T13:00:00Z",
        },
    ),
    ("events-icons", "GET"): mine(200),
    ("events-month", "GET"): Row(
        401,
        200,
        200,
        200,
        peer=("carol", 200),
        query={"year": 2026, "month": 11},
        listed=shows(lambda w: w.event.pk, "owner"),
    ),
    ("events-detail", "GET"): private(200, peer=("carol", 404)),
    ("events-detail", "PUT"): private(
        200,
        peer=("carol", 404),
        body=lambda w, u: {
            "name": "Dentist again",
            "start": "2026-11-24T09:00:00Z",
            "end": "2026-11-24T10:00:00Z",
        },
        target=lambda w: w.event,
    ),
    ("events-detail", "PATCH"): private(
        200, peer=("carol", 404), body=lambda w, u: {"name": "Doctor"}, target=lambda w: w.event
    ),
    ("events-detail", "DELETE"): private(200, peer=("carol", 404), target=lambda w: w.event),
    ("events-invites", "POST"): private(
        201, peer=("carol", 403), body=lambda w, u: {"user": w.gina.pk}
    ),
    ("events-leave", "POST"): private(200, peer=("carol", 403), target=lambda w: w.group_event),
    ("event-invites-list", "GET"): Row(
        401, 200, 200, 200, peer=("carol", 200), listed=shows(lambda w: w.invite.pk, "owner")
    ),
    # carol invited alice to her party: alice answers; carol, the sender, may not.
    ("event-invites-accept", "POST"): private(200, peer=("carol", 403), target=lambda w: w.invite),
    ("event-invites-decline", "POST"): private(200, peer=("carol", 403), target=lambda w: w.invite),
    ("calendar-feed", "GET"): mine(200),
    ("calendar-feed", "POST"): mine(200),
    ("ical-feed", "GET"): tokenless(),  # the secret is the credential
    # --- scheduling: alice owns the calendar, carol is invited (reads, adds her own
    # availabilities, sees her own meeting; 403 on the owner's actions).
    ("calendars-list", "GET"): Row(
        401,
        200,
        200,
        200,
        peer=("carol", 200),
        listed=shows(lambda w: w.calendar.pk, "owner", "peer"),
    ),
    ("calendars-list", "POST"): mine(
        201,
        body=lambda w, u: {
            "name": "Mentoring",
            "start_date": "2031-04-01",
            "end_date": "2031-04-05",
        },
    ),
    ("calendars-detail", "GET"): private(200, peer=("carol", 200)),
    ("calendars-detail", "PATCH"): private(
        200, peer=("carol", 403), body=lambda w, u: {"name": "Renamed"}, target=lambda w: w.calendar
    ),
    ("calendars-detail", "DELETE"): private(200, peer=("carol", 403), target=lambda w: w.calendar),
    ("calendar-invitees-list", "GET"): private(
        200, peer=("carol", 403), listed=shows(lambda w: w.invitee.pk, "owner")
    ),
    ("calendar-invitees-list", "POST"): private(
        201, peer=("carol", 403), body=lambda w, u: {"user": w.gina.pk, "deadline": _future()}
    ),
    ("calendar-invitees-detail", "GET"): private(200, peer=("carol", 403)),
    ("calendar-invitees-detail", "PATCH"): private(
        200,
        peer=("carol", 403),
        body=lambda w, u: {"deadline": _future(20)},
        target=lambda w: w.invitee,
    ),
    ("calendar-invitees-detail", "DELETE"): private(
        200, peer=("carol", 403), target=lambda w: w.invitee
    ),
    ("calendar-availabilities-list", "GET"): private(
        200, peer=("carol", 200), listed=shows(lambda w: w.availability.pk, "owner")
    ),
    ("calendar-availabilities-list", "POST"): private(
        201,
        peer=("carol", 201),
        body=lambda w, u: {
            "start": "2031-03-04T09:00:00Z",
            "end": "2031-03-04T10:00:00Z",
            "preference": 2,
        },
    ),
    # alice's availability: carol only sees her own.
    ("calendar-availabilities-detail", "GET"): private(200, peer=("carol", 404)),
    ("calendar-availabilities-detail", "PATCH"): private(
        200,
        peer=("carol", 404),
        body=lambda w, u: {"preference": 3},
        target=lambda w: w.availability,
    ),
    ("calendar-availabilities-detail", "DELETE"): private(
        200, peer=("carol", 404), target=lambda w: w.availability
    ),
    ("calendar-schedule", "GET"): private(200, peer=("carol", 200)),
    ("calendar-schedule", "POST"): private(200, peer=("carol", 403)),
    ("calendar-schedule", "PUT"): private(
        200, peer=("carol", 403), body=lambda w, u: {"meetings": []}
    ),
    ("calendar-schedule", "DELETE"): private(200, peer=("carol", 403)),
    ("calendar-finalize", "POST"): private(200, peer=("carol", 403), target=lambda w: w.calendar),
    # --- places and the marketplace
    ("country-list", "GET"): public(),
    ("province-list", "GET"): public(),
    ("city-list", "GET"): public(),
    ("job-category-list", "GET"): public(),
    ("skill-list", "GET"): public(),
    ("address-list", "GET"): mine(200, listed=shows(lambda w: w.address.pk, "owner")),
    ("address-list", "POST"): mine(
        201, body=lambda w, u: {"city": w.city.pk, "label": "Work", "street": "2 Side St"}
    ),
    ("address-detail", "GET"): private(200),
    ("address-detail", "PATCH"): private(
        200, body=lambda w, u: {"label": "Office"}, target=lambda w: w.address
    ),
    ("address-detail", "DELETE"): private(200, target=lambda w: w.address),
    ("job-list", "GET"): public(
        listed=shows(lambda w: w.job.pk, "anon", "owner", "other", "staff")
    ),
    ("job-list", "POST"): mine(
        201,
        body=lambda w, u: {
            "title": "Painter",
            "subcategory": w.job.subcategory_id,
            "city": w.city.pk,
        },
    ),
    ("job-detail", "GET"): public(),
    ("job-detail", "PATCH"): owner_writes(
        200, body=lambda w, u: {"title": "Master plumber"}, target=lambda w: w.job
    ),
    ("job-detail", "DELETE"): owner_writes(200, target=lambda w: w.job),
    ("job-timetable", "GET"): public(),
    ("job-timetable", "PUT"): owner_writes(200, body=lambda w, u: []),
    ("job-picture-list", "POST"): owner_writes(201, body=_image, multipart=True),
    ("job-picture-detail", "PATCH"): owner_writes(
        200, body=lambda w, u: {"is_main": True}, target=lambda w: w.picture
    ),
    ("job-picture-detail", "DELETE"): owner_writes(200, target=lambda w: w.picture),
    ("job-review-list", "GET"): public(
        listed=shows(lambda w: w.review.pk, "anon", "owner", "other", "staff")
    ),
    # Anyone reviews alice's job once, except alice herself (403); carol already did (409).
    ("job-review-list", "POST"): Row(
        401,
        403,
        201,
        201,
        peer=("carol", 409),
        body=lambda w, u: {"title": "Great", "comment": "Fast.", "rating": 5},
    ),
    ("job-review-detail", "GET"): public(),
    # carol's review: its author edits; alice (the job's owner) may not either.
    ("job-review-detail", "PATCH"): owner_writes(
        200,
        owner_user="carol",
        peer=("alice", 403),
        body=lambda w, u: {"rating": 5},
        target=lambda w: w.review,
    ),
    ("job-review-detail", "DELETE"): owner_writes(
        200, owner_user="carol", peer=("alice", 403), target=lambda w: w.review
    ),
    # --- chat and support: the direct chat is alice's and carol's.
    ("conversation-list", "GET"): Row(
        401,
        200,
        200,
        200,
        peer=("carol", 200),
        listed=shows(lambda w: w.conversation.pk, "owner", "peer"),
    ),
    # alice gets her chat with carol (200); bob and staff open theirs (201).
    ("conversation-direct", "POST"): Row(
        401, 200, 201, 201, body=lambda w, u: {"user": w.carol.pk}
    ),
    ("conversation-detail", "GET"): private(200, peer=("carol", 200)),
    ("conversation-read", "POST"): private(200, peer=("carol", 200)),
    ("conversation-messages-list", "GET"): private(
        200, peer=("carol", 200), listed=shows(lambda w: w.message.pk, "owner", "peer")
    ),
    ("conversation-messages-list", "POST"): private(
        201, peer=("carol", 201), body=lambda w, u: {"text": "Hello"}
    ),
    # alice's message: carol, a member, may read but not change it.
    ("message-detail", "PATCH"): private(
        200, peer=("carol", 403), body=lambda w, u: {"text": "Edited"}, target=lambda w: w.message
    ),
    ("message-detail", "DELETE"): private(200, peer=("carol", 403), target=lambda w: w.message),
    ("support-case-list", "GET"): mine(200, listed=shows(lambda w: w.case.pk, "owner", "staff")),
    ("support-case-list", "POST"): mine(
        201, body=lambda w, u: {"title": "Help", "description": "Stuck."}
    ),
    # Staff see and close every case.
    ("support-case-detail", "GET"): Row(401, 200, 404, 200),
    ("support-case-close", "POST"): Row(401, 200, 404, 200, target=lambda w: w.case),
    ("support-report-list", "GET"): staff_only(listed=shows(lambda w: w.report.pk, "staff")),
    ("support-report-list", "POST"): mine(
        201,
        body=lambda w, u: {"target_type": "user", "target_id": w.ivan.pk, "reason": "Spam."},
    ),
    ("support-report-resolve", "POST"): staff_only(target=lambda w: w.report),
    ("block-list", "GET"): mine(200, listed=shows(lambda w: w.dave.pk, "owner")),
    ("block-list", "POST"): mine(201, body=lambda w, u: {"user": w.ivan.pk}),
    ("block-detail", "DELETE"): private(200),  # alice unblocks dave
}

# Path parameters of each route, from the world.
PATHS: dict[str, Callable[[World], dict]] = {
    "ical-feed": lambda w: {"secret": w.feed.secret},
    "user-detail": lambda w: {"pk": w.alice.pk},
    "user-by-username": lambda w: {"username": w.alice.username},
    "contacts-detail": lambda w: {"pk": w.contact.pk},
    "contact-stories-list": lambda w: {"contact_id": w.contact.pk},
    "contact-stories-detail": lambda w: {"contact_id": w.contact.pk, "pk": w.story.pk},
    "groups-detail": lambda w: {"pk": w.group.pk},
    "groups-add-contact": lambda w: {"pk": w.group.pk},
    "groups-remove-contact": lambda w: {"pk": w.group.pk, "contact_id": w.contact.pk},
    "friends-detail": lambda w: {"user_id": w.carol.pk},
    "friend-requests-detail": lambda w: {"pk": w.outgoing_request.pk},
    "friend-requests-accept": lambda w: {"pk": w.incoming_request.pk},
    "friend-requests-decline": lambda w: {"pk": w.incoming_request.pk},
    "events-detail": lambda w: {"pk": w.event.pk},
    "events-invites": lambda w: {"pk": w.group_event.pk},
    "events-leave": lambda w: {"pk": w.group_event.pk},
    "event-invites-accept": lambda w: {"pk": w.invite.pk},
    "event-invites-decline": lambda w: {"pk": w.invite.pk},
    "calendars-detail": lambda w: {"pk": w.calendar.pk},
    "calendar-invitees-list": lambda w: {"calendar_id": w.calendar.pk},
    "calendar-invitees-detail": lambda w: {"calendar_id": w.calendar.pk, "pk": w.invitee.pk},
    "calendar-availabilities-list": lambda w: {"calendar_id": w.calendar.pk},
    "calendar-availabilities-detail": lambda w: {
        "calendar_id": w.calendar.pk,
        "pk": w.availability.pk,
    },
    "calendar-schedule": lambda w: {"calendar_id": w.calendar.pk},
    "calendar-finalize": lambda w: {"calendar_id": w.calendar.pk},
    "address-detail": lambda w: {"pk": w.address.pk},
    "job-detail": lambda w: {"pk": w.job.pk},
    "job-timetable": lambda w: {"pk": w.job.pk},
    "job-picture-list": lambda w: {"job_id": w.job.pk},
    "job-picture-detail": lambda w: {"job_id": w.job.pk, "pk": w.picture.pk},
    "job-review-list": lambda w: {"job_id": w.job.pk},
    "job-review-detail": lambda w: {"job_id": w.job.pk, "pk": w.review.pk},
    "conversation-detail": lambda w: {"pk": w.conversation.pk},
    "conversation-read": lambda w: {"pk": w.conversation.pk},
    "conversation-messages-list": lambda w: {"conversation_id": w.conversation.pk},
    "message-detail": lambda w: {"pk": w.message.pk},
    "support-case-detail": lambda w: {"pk": w.case.pk},
    "support-case-close": lambda w: {"pk": w.case.pk},
    "support-report-resolve": lambda w: {"pk": w.report.pk},
    "block-detail": lambda w: {"user_id": w.dave.pk},
}
