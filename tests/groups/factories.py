import factory

from groups.models import Group, Membership
from tests.accounts.factories import UserFactory
from tests.contacts.factories import ContactFactory


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Group {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    contact = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..group.owner"))
