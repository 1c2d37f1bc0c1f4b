"""Password policy: long enough, not the username, not all one kind of character."""

from app.core.config import Settings
from app.core.errors import InvalidInput


def check_policy(settings: Settings, password: str, username: str, *, loc: list[str | int]) -> None:
    """Refuse a weak password with a reason the user can act on."""
    problems = []
    if len(password) < settings.password_min_length:
        problems.append(f"at least {settings.password_min_length} characters")
    if password.lower() == username.lower() or username.lower() in password.lower():
        problems.append("not containing the username")
    kinds = sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if kinds < 3:
        problems.append("three of: lower case, upper case, digits, symbols")
    if len(set(password)) < 6:
        problems.append("at least 6 different characters")
    if problems:
        raise InvalidInput.field(
            loc, "The password needs " + "; ".join(problems) + ".", "weak_password"
        )
