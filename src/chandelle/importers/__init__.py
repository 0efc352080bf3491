"""The importer registry: one module per platform, listed explicitly, detected by content.

``detect(source)`` asks every importer's ``sniff``; exactly one must answer yes.
"""

from __future__ import annotations

from types import ModuleType
from typing import cast

from chandelle.errors import ChandelleError, UnknownFormatError
from chandelle.importers import (
    bluesky,
    facebook,
    generic,
    instagram,
    linkedin,
    mastodon,
    threads,
    tiktok,
    twitch,
    x,
    youtube,
)
from chandelle.importers.base import Importer
from chandelle.importers.source import Source

_MODULES: tuple[ModuleType, ...] = (
    instagram, facebook, threads, tiktok, youtube, twitch, x, mastodon, bluesky, linkedin,
    generic,
)
IMPORTERS: dict[str, Importer] = {m.NAME: cast(Importer, m) for m in _MODULES}


def _sniffs(importer: Importer, source: Source) -> bool:
    try:
        return bool(importer.sniff(source))
    except ChandelleError:
        raise          # the file itself is refused (damaged archive member, JSON nested too deep...)
    except Exception:  # a sniffer must never stop an import: treat a crash as "not mine"
        return False


def candidates(source: Source) -> list[Importer]:
    return [imp for imp in IMPORTERS.values() if _sniffs(imp, source)]


def detect(source: Source) -> Importer | None:
    """The one importer that recognises ``source``; None if none does; error if several do."""
    matches = candidates(source)
    if len(matches) > 1:
        raise UnknownFormatError(
            "{file}: several importers recognise this file ({names}).",
            hint="Report this file to chandelle's developers.",
            file=source.name, names=", ".join(m.NAME for m in matches),
        )
    return matches[0] if matches else None
