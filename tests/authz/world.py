"""One small world in which alice owns one of everything, for the authorization matrix.

The users:
- ``alice`` owns every object; ``bob`` is a stranger to all of it; ``staff`` is a staff
  member who is a stranger too.
- ``carol`` is alice's friend and her peer in shared things: invitee of her calendar,
  the other member of her direct chat, author of the review of her job, owner of a
  public group event to which she invited alice.
- ``dave`` is blocked by alice, ``erin`` asked alice to be friends, alice asked
  ``frank``; ``gina`` is a friend whom alice has not invited anywhere yet; ``ivan`` is
  a stranger that writes can target (friend requests, blocks, reports).
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from accounts.models import User
from calendars.models import Availability, Calendar, CalendarFeed, Event, EventInvite, Invitee
from contacts.models import Contact, FriendRequest
from groups.models import Group, Membership
from jobs.models import Job, JobPicture, Review, TimetableSlot
from locations.models import Address, City
from scheduling.models import Meeting, Schedule
from stories.models import Story
from support import services as support_services
from support.models import Conversation, Message, Report, SupportCase
from tests.accounts.factories import UserFactory
from tests.calendars.factories import make_friends
from tests.jobs.factories import JobPictureFactory, SubcategoryFactory
from tests.locations.factories import CityFactory

CAL_START = date(2031, 3, 3)


@dataclass
class World:
    """Every object of the matrix, by name."""

    users: dict[str, User] = field(default_factory=dict)
    contact: Contact | None = None
    story: Story | None = None
    group: Group | None = None
    incoming_request: FriendRequest | None = None  # erin -> alice
    outgoing_request: FriendRequest | None = None  # alice -> frank
    event: Event | None = None  # alice's private single event
    group_event: Event | None = None  # alice's public group event
    carol_event: Event | None = None  # carol's public group event
    invite: EventInvite | None = None  # carol invites alice to carol_event
    feed: CalendarFeed | None = None
    calendar: Calendar | None = None
    invitee: Invitee | None = None  # carol
    availability: Availability | None = None  # alice's
    carol_availability: Availability | None = None
    job: Job | None = None
    picture: JobPicture | None = None
    review: Review | None = None  # carol's, on alice's job
    city: City | None = None
    address: Address | None = None
    conversation: Conversation | None = None  # direct alice-carol
    message: Message | None = None  # alice's
    case: SupportCase | None = None
    report: Report | None = None

    def __getattr__(self, name: str) -> User:
        # ``world.alice`` is ``world.users["alice"]``.
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2031, 3, day, hour, minute, tzinfo=UTC)


def _event(owner: User, name: str, *, kind: str, private: bool) -> Event:
    from calendars.event_services import event_create

    return event_create(
        owner=owner,
        data={
            "name": name,
            "kind": kind,
            "is_private": private,
            "start": datetime(2026, 11, 22, 9, 30, tzinfo=UTC),
            "end": datetime(2026, 11, 22, 10, 30, tzinfo=UTC),
        },
    )


def build_world() -> World:
    """Create the world (about a hundred rows) and return it."""
    w = World()
    names = ["alice", "bob", "staff", "carol", "dave", "erin", "frank", "gina", "ivan"]
    for name in names:
        w.users[name] = UserFactory(
            username=f"{name}_m", email=f"{name}@matrix.example", is_staff=name == "staff"
        )
    alice, carol = w.alice, w.carol

    # Address book.
    w.contact = Contact.objects.create(owner=alice, first_name="Zoe")
    w.story = Story.objects.create(contact=w.contact, title="Met at the lake")
    w.group = Group.objects.create(owner=alice, name="Climbing")
    Membership.objects.create(group=w.group, contact=w.contact)

    # Friends and blocks.
    make_friends(alice, carol)
    make_friends(alice, w.gina)
    w.incoming_request = FriendRequest.objects.create(from_user=w.erin, to_user=alice)
    w.outgoing_request = FriendRequest.objects.create(from_user=alice, to_user=w.frank)
    support_services.user_block(blocker=alice, blocked=w.dave)

    # Events.
    w.event = _event(alice, "Dentist", kind=Event.Kind.SINGLE, private=True)
    w.group_event = _event(alice, "Picnic", kind=Event.Kind.GROUP, private=False)
    w.carol_event = _event(carol, "Party", kind=Event.Kind.GROUP, private=False)
    w.invite = EventInvite.objects.create(event=w.carol_event, from_user=carol, to_user=alice)
    w.feed = CalendarFeed.objects.create(user=alice)

    # A scheduling calendar with carol invited, both available, and a schedule.
    w.calendar = Calendar.objects.create(
        owner=alice,
        name="One-on-ones",
        start_date=CAL_START,
        end_date=CAL_START + timedelta(days=4),
        meeting_minutes=30,
        timezone="UTC",
    )
    w.invitee = Invitee.objects.create(
        calendar=w.calendar, user=carol, deadline=timezone.now() + timedelta(days=7)
    )
    w.availability = Availability.objects.create(
        calendar=w.calendar, user=alice, start=_at(3, 9), end=_at(3, 12), preference=2
    )
    w.carol_availability = Availability.objects.create(
        calendar=w.calendar, user=carol, start=_at(3, 10), end=_at(3, 11), preference=3
    )
    Schedule.objects.create(calendar=w.calendar, source=Schedule.Source.GENERATED)
    Meeting.objects.create(
        calendar=w.calendar,
        invitee=w.invitee,
        start=_at(3, 10),
        end=_at(3, 10, 30),
        preference_score=5,
    )

    # Marketplace and places.
    w.city = CityFactory(name="Shiraz")
    w.job = Job.objects.create(
        owner=alice, title="Plumber", subcategory=SubcategoryFactory(), city=w.city
    )
    w.picture = JobPictureFactory(job=w.job, is_main=True)
    w.review = Review.objects.create(job=w.job, user=carol, title="Good", rating=4)
    TimetableSlot.objects.create(job=w.job, day_of_week=0, start_time="09:00", end_time="17:00")
    w.address = Address.objects.create(user=alice, city=w.city, label="Home", street="1 Main St")

    # Chat and support.
    w.conversation, _ = support_services.direct_conversation_get_or_create(user=alice, other=carol)
    w.message = support_services.message_send(
        conversation=w.conversation, sender=alice, text="Hi Carol"
    )
    w.case = support_services.case_open(user=alice, title="Cannot upload", description="Help")
    w.report = support_services.report_create(
        reporter=alice, target_type="user", target_id=w.erin.pk, reason="Spam."
    )
    return w
