import io
from datetime import time
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jobs.models import Category, Job, JobPicture, Review, Skill, Subcategory, TimetableSlot
from tests.accounts.factories import UserFactory
from tests.locations.factories import CityFactory


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (8, 6), color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=fmt)
    return out.getvalue()


def image_upload(name: str = "photo.png", fmt: str = "PNG") -> SimpleUploadedFile:
    content_type = "image/png" if fmt == "PNG" else f"image/{fmt.lower()}"
    return SimpleUploadedFile(name, image_bytes(fmt), content_type=content_type)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n:04d}")


class SubcategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subcategory

    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Subcategory {n:04d}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    title = factory.Sequence(lambda n: f"Skill {n:04d}")


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Job {n:04d}")
    description = "A useful service."
    subcategory = factory.SubFactory(SubcategoryFactory)
    city = factory.SubFactory(CityFactory)
    hourly_rate = Decimal("20.00")

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


class JobPictureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobPicture

    job = factory.SubFactory(JobFactory)
    image = factory.django.ImageField(width=8, height=6, color="blue")
    is_main = False


class ReviewFactory(factory.django.DjangoModelFactory):
    """A review row only: use the API or the services when the aggregates matter."""

    class Meta:
        model = Review

    job = factory.SubFactory(JobFactory)
    user = factory.SubFactory(UserFactory)
    title = "Good"
    comment = "Did a fine job."
    rating = 4


class TimetableSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimetableSlot

    job = factory.SubFactory(JobFactory)
    day_of_week = 0
    start_time = time(9)
    end_time = time(17)
