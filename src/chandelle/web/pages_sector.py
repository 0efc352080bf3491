"""The sector view: UK sector distributions for the institution's kind and size, and its accounts' place."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from chandelle.audit import peers
from chandelle.i18n import fmt_period, translator
from chandelle.report.peers import SIZE_MSGIDS, kind_label, peer_rows
from chandelle.web.context import as_of_from, institution_of, reading_for
from chandelle.web.deps import csrf_protect
from chandelle.web.render import page, request_language

router = APIRouter(dependencies=[Depends(csrf_protect)])
SECTOR_NETWORKS = ("x", "facebook")
SHOWN_LEVELS = (0.1, 0.25, 0.5, 0.75, 0.9)


def sector_rows(kind: str, size: str, lang: str = "fr") -> list[dict[str, Any]]:
    """Per network with UK data: the group used and its quantiles of items per week and followers."""
    rows = []
    for platform in SECTOR_NETWORKS:
        cell = peers.sector_cadence(platform, kind, size)
        if cell is None:
            continue
        followers = ([peers.quantile(cell.levels, cell.followers, q) for q in SHOWN_LEVELS]
                     if cell.followers else [None] * len(SHOWN_LEVELS))
        rows.append({"platform": platform, "kind": cell.kind, "size": cell.size, "accounts": cell.accounts,
                     "active_share": cell.active_share,
                     "items_per_week": [cell.quantile(q) for q in SHOWN_LEVELS], "followers": followers,
                     "source": cell.source, "window": fmt_period(cell.window, lang)})
    return rows


@router.get("/sector", name="sector_page")
def sector_page(request: Request) -> Response:
    as_of = as_of_from(request)
    profile = institution_of(request).profile
    kind, size = profile.kind, profile.size or "all"
    report = reading_for(request, as_of).audit
    lang = request_language(request)
    _ = translator(lang)
    return page(request, "sector.html", as_of=as_of, kind=kind, size=size, levels=SHOWN_LEVELS,
                sectors=sector_rows(kind, size, lang), positions=peer_rows(report.peers, lang),
                size_label=lambda s: _(SIZE_MSGIDS.get(s, s)), kind_label=lambda k: kind_label(k, lang))
