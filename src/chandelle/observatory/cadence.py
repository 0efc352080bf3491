"""A platform's minimum viable cadence and the band an average rate falls in (MIP data, published figures).

A leaf of the observatory: ``mip`` bands the MIP museums with it, ``published`` bands the
figures other studies published; neither imports the other for it.
"""

from __future__ import annotations

from dataclasses import dataclass

BANDS = ("no_posts", "below_half_minimum", "below_minimum", "at_or_above_minimum")


@dataclass(frozen=True)
class Minimum:
    """The kb's minimum viable cadence for one platform, and where it comes from."""

    platform: str
    kb_platform: str
    items_per_week: float
    dormant_share: float
    source: str
    confidence: str
    kb_path: str


def band(rate: float, messages: int, minimum: Minimum) -> str:
    if messages == 0:
        return "no_posts"
    if rate < minimum.dormant_share * minimum.items_per_week:
        return "below_half_minimum"
    if rate < minimum.items_per_week:
        return "below_minimum"
    return "at_or_above_minimum"
