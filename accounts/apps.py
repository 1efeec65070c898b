from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from accounts import schema  # noqa: F401 - registers the OpenAPI auth scheme
        from accounts.models import User
        from accounts.user_cache import forget_on_write

        # Any write to a user row drops its cached snapshot (accounts/user_cache.py).
        post_save.connect(forget_on_write, sender=User, dispatch_uid="user_cache_save")
        post_delete.connect(forget_on_write, sender=User, dispatch_uid="user_cache_delete")
