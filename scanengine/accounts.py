"""Facilitator and admin accounts: creation and password checks (werkzeug hashes)."""

from __future__ import annotations

import re

from sqlmodel import Session, col, select
from werkzeug.security import check_password_hash, generate_password_hash

from scanengine import audit
from scanengine.models import User

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MIN_PASSWORD = 8


class AccountError(ValueError):
    """A refused account operation, with a message for the user."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def password_hash(password: str) -> str:
    """The stored form of a new password, after the one rule every password follows (its length)."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    return generate_password_hash(password)


def create_user(
    session: Session, email: str, password: str, *, admin: bool = False, actor: str = "cli"
) -> User:
    email = normalise_email(email)
    if not EMAIL.fullmatch(email):
        raise AccountError(f"not a valid e-mail address: {email!r}")
    hashed = password_hash(password)
    if session.exec(select(User).where(User.email == email)).first():
        raise AccountError(f"an account for {email} already exists")
    user = User(email=email, password_hash=hashed, is_admin=admin)
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", detail=f"{email}{' (admin)' if admin else ''}")
    return user


def set_password(session: Session, user: User, password: str, actor: str = "cli") -> None:
    """Give ``user`` a new password (an admin's reset). The same length rule as :func:`create_user`; the web
    session carries a digest of the hash, so every session made with the old password ends."""
    user.password_hash = password_hash(password)
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.password", detail=user.email)


def get_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


def get_user(session: Session, user_id: int) -> User | None:
    """The account with this id, or None (a session cookie naming an account that was removed)."""
    return session.get(User, user_id)


def all_users(session: Session) -> list[User]:
    """Every account, by e-mail address."""
    return list(session.exec(select(User).order_by(col(User.email))))


# A hash to compare against when the account does not exist, so timing does not reveal which e-mails exist.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = get_by_email(session, email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None
