"""Who may use the app: loopback by default, a hashed password otherwise; signed sessions and CSRF.

* ``check_bind`` refuses a non-loopback host unless a password is configured.
* The password is read once from a file, hashed with Argon2id, and only the hash is kept.
* The session is a small dict signed with itsdangerous in an HttpOnly, SameSite=Strict cookie;
  it carries the CSRF token and whether the user logged in.
* Every state-changing request must echo the token (``X-CSRF-Token`` header or
  ``csrf_token`` form field); a missing or wrong token gives 403.
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from itsdangerous import BadSignature, URLSafeTimedSerializer

from chandelle.errors import ChandelleError, InputError
from chandelle.web.settings import LOOPBACK_HOSTS

SESSION_COOKIE = "chandelle_session"
LANG_COOKIE = "chandelle_lang"
SESSION_MAX_AGE_S = 12 * 3600
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()


class ExposedWithoutPasswordError(InputError):
    """`chandelle serve --host` on a non-loopback address without a password."""


class PasswordFileError(InputError):
    pass


class CsrfError(ChandelleError):
    http_status = 403


def check_bind(host: str, has_password: bool) -> None:
    """Refuse to listen beyond this machine unless a password protects the app."""
    if host not in LOOPBACK_HOSTS and not has_password:
        raise ExposedWithoutPasswordError(
            "Refusing to listen on {host}: anyone on the network could read and change the store.",
            hint="Keep the default 127.0.0.1, or set a password with --password-file FILE.",
            host=host,
        )


def hash_password_file(path: Path) -> str:
    """Read the password (first line of FILE), return its Argon2id hash; the text is not kept."""
    try:
        password = path.read_text(encoding="utf-8").splitlines()[0].strip() if path.stat().st_size else ""
    except (OSError, UnicodeError) as exc:
        raise PasswordFileError("{file}: the password file cannot be read ({detail}).",
                                hint="Give a text file whose first line is the password.",
                                file=str(path), detail=str(exc)) from exc
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordFileError(
            "{file}: the password must have at least {count} characters.",
            hint="Write a longer password on the first line of the file.",
            file=str(path), count=MIN_PASSWORD_LENGTH,
        )
    return _hasher.hash(password)


def verify_password(password_hash: str, candidate: str) -> bool:
    try:
        return _hasher.verify(password_hash, candidate)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


class SessionCodec:
    """Signs and reads the session cookie."""

    def __init__(self, secret_key: bytes) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="chandelle-session")

    def load(self, cookie: str | None) -> dict[str, Any]:
        if cookie:
            try:
                data = self._serializer.loads(cookie, max_age=SESSION_MAX_AGE_S)
            except BadSignature:
                data = None
            if isinstance(data, dict) and isinstance(data.get("csrf"), str):
                return data
        return {"csrf": secrets.token_urlsafe(32), "auth": False, "new": True}

    def dump(self, session: dict[str, Any]) -> str:
        return str(self._serializer.dumps({k: v for k, v in session.items() if k != "new"}))


def tokens_match(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), str(given).encode())
