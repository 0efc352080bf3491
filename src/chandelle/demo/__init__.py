"""The demo institution: realistic exports, in the platforms' real formats, of a fictional museum.

``write_exports(folder, as_of, seed)`` writes, under ``folder``, what the two-person team of
the Musée des Beaux-Arts de Valmont would download from its six networks on ``as_of``
(default 2026-11-24). Same arguments, same bytes. See ``chandelle.demo.museum`` for the
story the data tells (X abandoned about eight months before ``as_of``: the ghost).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from chandelle.demo import meta, others

DEFAULT_AS_OF = date(2026, 11, 24)
DEFAULT_SEED = 2026
DEMO_HANDLE = "museevalmont"  # the name YouTube Studio and Twitch exports do not carry


def write_exports(folder: Path, as_of: date = DEFAULT_AS_OF, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the six networks' exports under ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        meta.instagram_zip(folder, as_of, seed),
        *meta.facebook_csvs(folder, as_of, seed),
        others.x_zip(folder, as_of, seed),
        others.youtube_zip(folder, as_of, seed),
        others.tiktok_zip(folder, as_of, seed),
        others.twitch_csv(folder, as_of, seed),
    ]


__all__ = ["DEFAULT_AS_OF", "DEFAULT_SEED", "DEMO_HANDLE", "write_exports"]
