"""Demo friendships, friend requests, events, invitations and event chats (``load_demo``).

Friendships live in ``contacts`` but are seeded here, after the address book's demo
data. Idempotent: friendships by pair, events by owner and name, a chat for each demo
group event that has none, demo messages only into an empty chat. ``--scale N`` adds N
events per demo user, spread over the weeks around today, in bulk.
"""

from datetime import UTC, datetime, time, timedelta

from django.utils import timezone

from accounts.demo import demo_users
from accounts.models import User
from calendars.event_services import event_chat_open
from calendars.models import Event, EventInvite, EventMember
from calendars.models.events import Icon
from contacts.models import Contact, FriendRequest, Friendship
from contacts.selectors import are_friends
from support.services import message_send

BIRTHDAY = "Carol's birthday"
BIRTHDAY_CHAT = [
    ("carol", "Cake at my place at seven, everyone!"),
    ("alice", "I'll bring the candles."),
    ("bob_b", "Count me in, I'll pick up the balloons."),
]


def _befriend(a: User, b: User) -> None:
    low, high = Friendship.ordered(a.pk, b.pk)
    Friendship.objects.get_or_create(user_low_id=low, user_high_id=high)


def _at(day_offset: int, hour: int, minute: int = 0) -> datetime:
    today = timezone.now().date()
    return datetime.combine(today + timedelta(days=day_offset), time(hour, minute), tzinfo=UTC)


def _event(owner: User, name: str, members: tuple[User, ...] = (), **fields) -> Event:
    event, created = Event.objects.get_or_create(owner=owner, name=name, defaults=fields)
    if created:
        EventMember.objects.bulk_create(
            [EventMember(event=event, user=user) for user in (owner, *members)]
        )
    return event


def _seed_friends(alice: User, bob: User, carol: User, dave: User) -> None:
    _befriend(alice, bob)
    _befriend(alice, carol)
    _befriend(bob, carol)
    if not are_friends(alice, dave):
        FriendRequest.objects.get_or_create(from_user=dave, to_user=alice)


def _seed_events(alice: User, bob: User, carol: User, dave: User) -> None:
    dentist = _event(
        alice, "Dentist", start=_at(2, 8), end=_at(2, 9), icon=Icon.HEALTH, location="Main St 5"
    )
    contacts = list(Contact.objects.filter(owner=alice).order_by("id")[:2])
    if contacts and not dentist.contacts.exists():
        dentist.contacts.set(contacts)
    lunch = _event(
        alice,
        "Team lunch",
        (bob,),
        kind=Event.Kind.GROUP,
        is_private=False,
        start=_at(3, 11, 30),
        end=_at(3, 13),
        icon=Icon.MEAL,
        category="work",
        description="Pizza, then a walk.",
    )
    EventInvite.objects.get_or_create(event=lunch, to_user=carol, defaults={"from_user": alice})
    _event(
        bob,
        "Trip to Berlin",
        start=_at(10, 6),
        end=_at(13, 21),
        icon=Icon.TRAVEL,
        location="Berlin",
    )
    _event(
        carol,
        BIRTHDAY,
        (alice, bob),
        kind=Event.Kind.GROUP,
        all_day=True,
        start=_at(7, 0),
        end=_at(7, 0),
        icon=Icon.BIRTHDAY,
    )
    _event(dave, "Gym", start=_at(1, 18), end=_at(1, 19), icon=Icon.SPORT)


def _seed_chats(users: list[User]) -> None:
    """Open the chat of every demo group event without one (events made above bypass
    the services), then a few messages in the birthday chat while it is empty."""
    for event in Event.objects.filter(
        owner__in=users, kind=Event.Kind.GROUP, conversation__isnull=True
    ).order_by("id"):
        event_chat_open(event=event)
    by_name = {user.username: user for user in users}
    birthday = Event.objects.filter(owner=by_name["carol"], name=BIRTHDAY).first()
    chat = event_chat_open(event=birthday) if birthday is not None else None
    if chat is None or chat.messages.exists():
        return
    members = set(chat.members.values_list("pk", flat=True))
    for username, text in BIRTHDAY_CHAT:
        sender = by_name[username]
        if sender.pk in members:
            message_send(conversation=chat, sender=sender, text=text)


def _seed_scale(users: list[User], scale: int) -> None:
    """``scale`` extra events per user, one or two a day around today, some multi-day."""
    icons = list(Icon.values)
    for user in users:
        names = {f"Demo event {i:05d}" for i in range(scale)}
        existing = set(
            Event.objects.filter(owner=user, name__in=names).values_list("name", flat=True)
        )
        todo = [i for i in range(scale) if f"Demo event {i:05d}" not in existing]
        events = [
            Event(
                owner=user,
                name=f"Demo event {i:05d}",
                start=_at(i // 2 - scale // 4, 8 + (i % 2) * 6),
                end=_at(i // 2 - scale // 4 + (1 if i % 17 == 0 else 0), 9 + (i % 2) * 6),
                icon=icons[i % len(icons)],
            )
            for i in todo
        ]
        created = Event.objects.bulk_create(events, batch_size=500)
        EventMember.objects.bulk_create(
            [EventMember(event=event, user=user) for event in created], batch_size=500
        )


def seed(*, scale: int) -> None:
    by_name = {user.username: user for user in demo_users()}
    alice, bob, carol, dave = (by_name[n] for n in ("alice", "bob_b", "carol", "dave_d"))
    _seed_friends(alice, bob, carol, dave)
    _seed_events(alice, bob, carol, dave)
    _seed_chats([alice, bob, carol, dave])
    if scale:
        _seed_scale([alice, bob, carol, dave], scale)
