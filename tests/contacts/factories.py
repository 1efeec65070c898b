import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from contacts.models import Contact
from tests.accounts.factories import UserFactory


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    owner = factory.SubFactory(UserFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"contact{n}@example.com")
    phone = "+1 555 0100"
    company = "Acme"
    birthday = factory.Faker(
        "date_between", start_date=datetime.date(1950, 1, 1), end_date=datetime.date(2005, 12, 31)
    )
    relationship = "friend"


def image_file(name: str = "holiday.png", fmt: str = "PNG", size=(8, 8)):
    """An in-memory image upload."""
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def text_file(name: str = "photo.png"):
    """A file that claims to be an image but isn't."""
    return SimpleUploadedFile(name, b"this is not an image", content_type="image/png")
