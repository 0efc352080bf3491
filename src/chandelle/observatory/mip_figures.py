"""The MIP papers' headline figures, recomputed from the raw files with the papers' definitions.

The published values live in ``data/mip_published_figures.toml`` (source, date, confidence). The
denominator is the open museums of the counts file (3,344 rows). Definitions:

* account share — museums whose ``source`` in ``tw_urls_final.tsv`` / ``fb_urls_final.tsv`` is not
  ``no_resource`` (a handle found by scraping, by the ML model or both). The counts file's own
  handle columns give fewer (2,226 / 2,565): the URL files are the papers' definition;
* active share — museums with at least one message over the 41 months (``msg_count_* > 0``);
* medians per month — median over active museums of messages ÷ months of the window;
* followers — median ``followers_count`` over the rows of ``mip_twitter_accounts_info.csv`` with
  ``from_museum`` true (one row per museum and account, as the papers count them).

Also the sensitivity of the "below the minimum cadence" share to the assumed minimum (1, 2, 3
items a week). docs/observatory.md.
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import median
from typing import Any, Protocol

from chandelle.errors import MalformedFileError

FIGURES_FILE = Path(__file__).resolve().parent / "data" / "mip_published_figures.toml"
URL_FILES = {"twitter": "tw_urls_final.tsv", "facebook": "fb_urls_final.tsv"}
TWITTER_INFO_FILE = "mip_twitter_accounts_info.csv"
SENSITIVITY_MINIMUMS = (1.0, 2.0, 3.0)
COUNTS_FILE = "mip_msg_count_by_museum_2019_2022.csv"


class Museum(Protocol):
    """What the figures read of one museum of the counts file (``observatory.mip.Museum``)."""

    @property
    def groups(self) -> dict[str, str]: ...
    @property
    def presences(self) -> Mapping[str, Any]: ...
    @property
    def messages(self) -> dict[str, int]: ...
    @property
    def museum_id(self) -> str: ...


@dataclass(frozen=True)
class PublishedFigure:
    key: str
    label: str
    published: float
    reproduced: float | None      # None: the raw file it needs is not in the folder
    unit: str
    definition: str
    source: str
    date: str
    confidence: str
    computed_from: str

    @property
    def gap(self) -> float | None:
        return None if self.reproduced is None else round(self.reproduced - self.published, 2)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "gap": self.gap}


def published_values(path: Path = FIGURES_FILE) -> dict[str, dict[str, Any]]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _tsv_accounts(path: Path) -> set[str] | None:
    """Museum ids whose URL file row found an account (``source`` not ``no_resource``)."""
    if not path.is_file():
        return None
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        if not {"museum_id", "source"} <= set(reader.fieldnames or []):
            raise MalformedFileError("{file}: missing columns {columns}.",
                                     hint="Use the MIP file as published, with its header row.",
                                     file=path.name, columns="museum_id, source")
        return {r["museum_id"].strip() for r in reader if (r["source"] or "").strip() != "no_resource"}


def _museum_followers(path: Path) -> list[int] | None:
    if not path.is_file():
        return None
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found = []
    for line, row in enumerate(rows, start=2):
        if (row.get("from_museum") or "").strip().lower() != "true":
            continue
        try:
            found.append(int(float(row["followers_count"])))
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedFileError("{file}, line {line}: {column} is not a count.",
                                     hint="Use the MIP file as published.", file=path.name,
                                     line=line, column="followers_count") from exc
    return found


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _median_per_month(rows: Sequence[Museum], platform: str, months: int) -> float | None:
    active = [r.messages[platform] / months for r in rows if r.messages[platform] > 0]
    return round(median(active), 1) if active else None


def reproduce(folder: Path, rows: Sequence[Museum], months: int) -> dict[str, tuple[float | None, str]]:
    """key -> (reproduced value, the files it comes from)."""
    counts = COUNTS_FILE
    museums = {r.museum_id for r in rows}
    found: dict[str, tuple[float | None, str]] = {}
    for platform, name in URL_FILES.items():
        accounts = _tsv_accounts(folder / name)
        share = None if accounts is None else _pct(len(accounts & museums), len(museums))
        found[f"{platform}_account_share_pct"] = (share, f"{name} ∩ {counts}")
        active = sum(1 for r in rows if r.messages[platform] > 0)
        found[f"{platform}_active_share_pct"] = (_pct(active, len(rows)), counts)
    for size in ("small", "large"):
        group = [r for r in rows if r.groups.get("size") == size]
        found[f"twitter_active_share_{size}_pct"] = (
            _pct(sum(1 for r in group if r.messages["twitter"] > 0), len(group)), counts)
    found["median_tweets_per_month_active"] = (_median_per_month(rows, "twitter", months), counts)
    found["median_facebook_posts_per_month_active"] = (_median_per_month(rows, "facebook", months), counts)
    followers = _museum_followers(folder / TWITTER_INFO_FILE)
    found["median_twitter_followers"] = (float(median(followers)) if followers else None, TWITTER_INFO_FILE)
    return found


def published_figures(folder: Path, rows: Sequence[Museum], months: int) -> list[PublishedFigure]:
    """Every published figure beside its recomputation (in the data file's order)."""
    ours = reproduce(folder, rows, months)
    figures = []
    for key, entry in published_values().items():
        value, origin = ours.get(key, (None, ""))
        figures.append(PublishedFigure(
            key=key, label=str(entry["label"]), published=float(entry["value"]), reproduced=value,
            unit=str(entry["unit"]), definition=str(entry["definition"]), source=str(entry["source"]),
            date=str(entry["date"]), confidence=str(entry["confidence"]), computed_from=origin))
    return figures


def below_minimum_shares(rows: Sequence[Museum], weeks: float,
                         minimums: tuple[float, ...] = SENSITIVITY_MINIMUMS) -> list[dict[str, Any]]:
    """Per platform and assumed minimum: museums with a handle whose average is under it."""
    found = []
    for platform in ("twitter", "facebook"):
        rates = [r.messages[platform] / weeks for r in rows if platform in r.presences]
        for minimum in minimums:
            below = sum(1 for rate in rates if rate < minimum)
            found.append({"platform": platform, "min_items_per_week": minimum, "with_account": len(rates),
                          "below": below, "share": round(below / len(rates), 4) if rates else None})
    return found
