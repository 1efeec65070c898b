"""``load_demo [--scale N]``: fill the database with demo data, idempotently.

The command creates the demo users, then runs the ``seed()`` of every installed app's
``demo`` module in ``INSTALLED_APPS`` order (dependencies first), so each app owns its
own demo data without this command importing it.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load demo data (idempotent). --scale N adds benchmark-sized data."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=0, help="rows per user per resource")

    def handle(self, *args, scale: int, **options):
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            module = import_module(module_name)
            with transaction.atomic():
                module.seed(scale=scale)
            self.stdout.write(f"demo data: {config.label} done")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
