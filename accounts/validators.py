"""The Kith password policy (API.md §2)."""

import re

from django.core.exceptions import ValidationError


class KithPasswordValidator:
    """8 to 30 characters with a digit, a lower-case and an upper-case letter and a symbol."""

    RULES = (
        (r"\d", "at least one digit"),
        (r"[a-z]", "at least one lower-case letter"),
        (r"[A-Z]", "at least one upper-case letter"),
        (r"[^A-Za-z0-9]", "at least one symbol"),
    )

    def validate(self, password: str, user=None) -> None:
        problems = []
        if not 8 <= len(password) <= 30:
            problems.append("8 to 30 characters")
        problems += [text for pattern, text in self.RULES if not re.search(pattern, password)]
        if problems:
            raise ValidationError(
                "The password needs " + ", ".join(problems) + ".", code="password_policy"
            )

    def get_help_text(self) -> str:
        return (
            "8 to 30 characters with at least one digit, one lower-case letter, "
            "one upper-case letter and one symbol."
        )
