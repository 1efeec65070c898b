import factory

from stories.models import Story
from tests.contacts.factories import ContactFactory


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    contact = factory.SubFactory(ContactFactory)
    title = factory.Sequence(lambda n: f"Story {n}")
    content = factory.Faker("sentence")
    location = "Berlin"
