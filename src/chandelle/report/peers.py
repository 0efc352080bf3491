"""The report's peers section: each account's percentiles among its peers (audit.peers)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chandelle.i18n import fmt_period, translator
from chandelle.labels import SIZE_LABELS, kind_label, platform_label

SIZE_MSGIDS = SIZE_LABELS   # the name the web app's sector page imports
__all__ = ["SIZE_MSGIDS", "PeerRow", "kind_label", "peer_rows"]


@dataclass(frozen=True)
class PeerRow:
    platform_label: str
    handle: str
    reference: str                 # the sentence that says who the peers are and where the data comes from
    peers: int
    cadence_percentile: float | None
    active_week_share_percentile: float | None
    followers_percentile: float | None
    peer_median_items_per_week: float | None


def peer_rows(positions: Sequence[Any], lang: str) -> list[PeerRow]:
    """One row per ``audit.peers.PeerPosition``, labelled in ``lang``."""
    _ = translator(lang)
    rows = []
    for p in positions:
        if p.reference == "store":
            reference = _("the other institutions of this store")
        else:
            reference = _("UK museums ({kind}, {size}), sector data {source}, {window}",
                          kind=kind_label(p.kind, lang),
                          size=_(SIZE_MSGIDS.get(p.size, p.size)), source=p.source,
                          window=fmt_period(p.window, lang))
        rows.append(PeerRow(platform_label(p.platform, lang), p.handle, reference, p.peers,
                            p.cadence_percentile, p.active_week_share_percentile, p.followers_percentile,
                            p.peer_median_items_per_week))
    return rows
