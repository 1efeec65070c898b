"""Users and blocks."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower

from common.models import TimeStamped

USERNAME_PATTERN = r"^[a-z0-9_]{4,32}$"
USERNAME_MESSAGE = "Usernames are 4 to 32 characters of a-z, 0-9 and _."
COLOR_PATTERN = r"^#[0-9A-Fa-f]{6}$"
# Digits with the usual separators and an optional leading +, e.g. "+49 (30) 123-456".
PHONE_PATTERN = r"^\+?(?=.*\d)[0-9 ()\-.]{3,31}$"


class KithUserManager(UserManager):
    """Stores usernames and emails lower-cased, so uniqueness is case-insensitive."""

    def _create_user(self, username, email, password, **extra_fields):
        email = (email or "").strip().lower()
        username = (username or "").strip().lower()
        return super()._create_user(username, email, password, **extra_fields)

    def create_superuser(self, username=None, email=None, password=None, **extra_fields):
        # An operator creating an admin from the shell owns the address they typed.
        extra_fields.setdefault("email_verified", True)
        return super().create_superuser(username, email, password, **extra_fields)

    def get_by_natural_key(self, username):
        """Case-insensitive, so the admin login accepts ``Alice`` for ``alice``."""
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A Kith account. Log in by email or username; both unique case-insensitively."""

    username = models.CharField(
        max_length=32,
        unique=True,
        validators=[RegexValidator(USERNAME_PATTERN, USERNAME_MESSAGE)],
    )
    email = models.EmailField(max_length=254)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    patronymic = models.CharField(max_length=150, blank=True)
    birthday = models.DateField(null=True, blank=True)
    description = models.CharField(max_length=1000, blank=True)
    background_color = models.CharField(
        max_length=7, blank=True, validators=[RegexValidator(COLOR_PATTERN, "Use #RRGGBB.")]
    )
    avatar = models.ImageField(upload_to="avatars/", null=True, blank=True)
    phone_number = models.CharField(
        max_length=32,
        blank=True,
        validators=[RegexValidator(PHONE_PATTERN, "Use digits, spaces, ( ) - . and a leading +.")],
    )
    timezone = models.CharField(max_length=64, default="UTC")
    email_verified = models.BooleanField(default=False)
    # Bumped by a password change or reset: tokens carrying an older version are refused.
    token_version = models.PositiveIntegerField(default=0)

    objects = KithUserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            # Usernames are stored lower-cased, so ``unique=True`` is case-insensitive.
            models.CheckConstraint(
                condition=models.Q(username=Lower("username")),
                name="accounts_user_username_lower",
            ),
        ]
        indexes = [
            models.Index(fields=["first_name"], name="accounts_user_first_idx"),
            models.Index(fields=["last_name"], name="accounts_user_last_idx"),
        ]

    def __str__(self) -> str:
        return self.username


class Block(TimeStamped):
    """``blocker`` has blocked ``blocked``; see :func:`accounts.selectors.is_blocked`."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="accounts_block_unique"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="accounts_block_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} blocks {self.blocked}"
