"""Who may use the app: loopback by default, a hashed password otherwise; signed sessions and CSRF.

* ``check_bind`` refuses a non-loopback host unless a password is configured.
* The password is read once from a file, hashed with Argon2id, and only the hash is kept.
* The session is a small dict signed with itsdangerous in an HttpOnly, SameSite=Strict cookie;
  it carries the CSRF token and whether the user logged in.
* Every state-changing request must echo the token (``X-CSRF-Token`` header or
  ``csrf_token`` form field); a missing or wrong token gives 403.
* Failed logins are slowed per client (``LoginThrottle``): after ``FREE_ATTEMPTS`` failures,
  each new one doubles the wait (1 s, 2 s, 4 s... up to ``MAX_BACKOFF_S``) before the next try
  is even checked (429 with Retry-After); a success forgets the client.
* Argon2 verification is CPU-bound (tens of ms by design): the routes run it in a worker thread.
"""

from __future__ import annotations

import hmac
import secrets
import stat
import threading
import time
from collections.abc import Callable
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
FREE_ATTEMPTS = 3               # failed logins per client before the back-off starts
MAX_BACKOFF_S = 300.0
THROTTLE_CLIENTS = 10_000       # clients remembered at most (oldest forgotten first)

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


def password_file_is_private(path: Path) -> bool:
    """False when group or others may read the password file (chmod 600 is expected)."""
    try:
        return not path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    except OSError:
        return True                       # unreadable: hash_password_file says so


def verify_password(password_hash: str, candidate: str) -> bool:
    try:
        return _hasher.verify(password_hash, candidate)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


class LoginThrottle:
    """Per-client exponential back-off on failed logins (thread-safe, bounded memory)."""

    def __init__(self, free_attempts: int = FREE_ATTEMPTS, max_backoff_s: float = MAX_BACKOFF_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.free_attempts = free_attempts
        self.max_backoff_s = max_backoff_s
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}    # client -> (failures, not before)

    def wait_s(self, client: str) -> float:
        """Seconds this client must still wait before a login attempt is checked (0: go)."""
        with self._lock:
            _count, not_before = self._failures.get(client, (0, 0.0))
        return max(0.0, not_before - self._clock())

    def failed(self, client: str) -> None:
        with self._lock:
            count = self._failures.pop(client, (0, 0.0))[0] + 1
            over = count - self.free_attempts
            delay = 0.0 if over < 0 else min(self.max_backoff_s, 2.0 ** over)
            self._failures[client] = (count, self._clock() + delay)
            while len(self._failures) > THROTTLE_CLIENTS:
                self._failures.pop(next(iter(self._failures)))

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)


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
