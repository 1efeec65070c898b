import factory

from accounts.models import Block
from support import services
from support.models import Conversation, ConversationMember, Message, Report, SupportCase
from tests.accounts.factories import UserFactory


class ConversationFactory(factory.django.DjangoModelFactory):
    """An event conversation without members (add them with ConversationMemberFactory)."""

    class Meta:
        model = Conversation

    kind = Conversation.Kind.EVENT
    title = factory.Sequence(lambda n: f"Event chat {n}")


class ConversationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConversationMember

    conversation = factory.SubFactory(ConversationFactory)
    user = factory.SubFactory(UserFactory)
    # The services copy the conversation's activity time to a member who joins.
    last_activity_at = factory.SelfAttribute("conversation.last_activity_at")


class MessageFactory(factory.django.DjangoModelFactory):
    """A raw message row (no denormalisation: use ``send()`` for that)."""

    class Meta:
        model = Message

    conversation = factory.SubFactory(ConversationFactory)
    sender = factory.SubFactory(UserFactory)
    text = factory.Faker("sentence")


class SupportCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportCase
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Case {n}")
    description = factory.Faker("sentence")
    opened_by = factory.SubFactory(UserFactory)
    conversation = factory.SubFactory(ConversationFactory, kind=Conversation.Kind.CASE)

    @factory.post_generation
    def opener_is_member(self, create, extracted, **kwargs):
        if create:
            ConversationMember.objects.get_or_create(
                conversation=self.conversation,
                user=self.opened_by,
                defaults={"last_activity_at": self.conversation.last_activity_at},
            )


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    reporter = factory.SubFactory(UserFactory)
    target_type = Report.TargetType.USER
    target_id = factory.LazyFunction(lambda: UserFactory().pk)
    reason = "Spam."


class BlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Block

    blocker = factory.SubFactory(UserFactory)
    blocked = factory.SubFactory(UserFactory)


def event_chat(*members, title: str = "Picnic") -> Conversation:
    """An event conversation with these members, as the events code opens it."""
    return services.conversation_create_for_event(title=title, members=members)


def direct_chat(a, b) -> Conversation:
    conversation, _ = services.direct_conversation_get_or_create(user=a, other=b)
    return conversation


def send(conversation, sender, text: str = "Hello") -> Message:
    """A message sent through the service (updates last message and read markers)."""
    return services.message_send(conversation=conversation, sender=sender, text=text)
