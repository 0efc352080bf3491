"""chandelle's exception tree: every error a user can meet, with a message they can act on.

* ChandelleError                      exit 1
  x ConfigError                       bad profile / setting value (names the key)
  x InputError                        exit 2: the user gave us something we cannot use
    + UnknownFormatError              no importer (or several) recognises the file
    + MalformedFileError              recognised but unusable; names the file and record
    + UnsafeArchiveError              ZIP with absolute/.. paths or an absurd ratio
    + ImportStoppedError              an import over its time limit (web) or stopped by a shutdown
  x StoreError                        DuckDB locked, newer schema, failed migration
    + DiskFullError                   the disk refused a write (full, read-only, I/O error)
    + StoreBusyError                  another process holds the store
    + StoreMissingError               exit 2: a command that only reads names a store that does not exist
  x PlanError                         the planner cannot produce a plan
  x ReportError                       a report or calendar cannot be written

Messages are English msgids looked up in the translation catalogue (French by default);
`params` fill the placeholders. `render(lang)` gives the one line the user reads.
"""

from __future__ import annotations

from typing import Any, ClassVar

from chandelle.i18n import translator


class ChandelleError(Exception):
    """Base class: a message id, its parameters, and an optional hint (also a msgid)."""

    exit_code: ClassVar[int] = 1
    http_status: ClassVar[int] = 500

    def __init__(self, message: str, *, hint: str | None = None, **params: Any) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.hint = hint
        self.params = params

    def render(self, lang: str = "fr") -> str:
        """The one line shown to the user, translated, hint included."""
        _ = translator(lang)
        params = {key: value.render(lang) if isinstance(value, ChandelleError) else value
                  for key, value in self.params.items()}     # an error quoted in another one
        text = _(self.message, **params)
        if self.hint:
            text = f"{text} — {_(self.hint, **params)}"
        return text


class ConfigError(ChandelleError):
    http_status = 422


class InputError(ChandelleError):
    exit_code = 2
    http_status = 400


class UnknownFormatError(InputError):
    pass


class MalformedFileError(InputError):
    pass


class UnsafeArchiveError(InputError):
    pass


class ImportStoppedError(InputError):
    http_status = 413


class StoreError(ChandelleError):
    pass


class DiskFullError(StoreError):
    """The disk of the store (or of the temporary folder) refused a write."""


def disk_failure(exc: BaseException) -> DiskFullError | None:
    """The user-facing error for a write the disk refused (duckdb.IOException, ENOSPC...), or None."""
    import errno

    import duckdb

    refused = isinstance(exc, duckdb.IOException) or (
        isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO))
    if not refused:
        return None
    return DiskFullError(
        "The disk refused to write ({detail}); nothing was changed.",
        hint="Free some space on the disk of the store (and of the temporary folder), then try again.",
        detail=f"{type(exc).__name__}: {exc}"[:160],
    )


class StoreBusyError(StoreError):
    exit_code = 3
    http_status = 503


class StoreMissingError(StoreError):
    """A read-only command (audit, plan, report...) names a store that does not exist: nothing is created."""

    exit_code = 2
    http_status = 404


class PlanError(ChandelleError):
    http_status = 422


class ReportError(ChandelleError):
    pass
