"""The web app's settings: where the store is, who may connect, and how much may be uploaded."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024**3      # a platform ZIP with its media can weigh a few GB
DEFAULT_MAX_FILES = 40
MAX_FORM_BYTES = 1024 * 1024                # any request that is not an upload
DEFAULT_IMPORT_TIMEOUT_S = 600.0            # an upload's import is stopped (and rolled back) after this


@dataclass(frozen=True)
class WebSettings:
    """Everything `create_app` needs; built by `chandelle serve` or by tests."""

    db: Path
    host: str = "127.0.0.1"
    port: int = 8000
    profile: Path | None = None
    password_hash: str | None = None
    secret_key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    max_files: int = DEFAULT_MAX_FILES
    extra_allowed_hosts: tuple[str, ...] = ()
    behind_https_proxy: bool = False         # Secure cookies, HSTS, the proxy's X-Forwarded-* trusted
    import_timeout_s: float | None = DEFAULT_IMPORT_TIMEOUT_S

    @property
    def profile_path(self) -> Path:
        """The institution profile: the flag, or institution.toml next to the store."""
        return self.profile or self.db.with_name("institution.toml")

    @property
    def allowed_hosts(self) -> list[str]:
        """Host headers accepted (guards a loopback server against DNS rebinding)."""
        if self.password_hash and self.host not in LOOPBACK_HOSTS:
            return ["*"]
        return [*sorted(LOOPBACK_HOSTS), "[::1]", *self.extra_allowed_hosts]
