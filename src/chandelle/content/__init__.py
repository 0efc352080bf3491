"""What to post, not only where: recurring series and their wear, registers, engagement bases.

``run_content(con, as_of)`` returns a ``ContentReport`` (docs/content.md): the account's series
(« #LeSaviezVous n°12 », « L'objet du mois — … ») with a Theil–Sen trend, a Mann–Kendall test and
a ``fatigue`` verdict; the register of every item (humour, scholarly, practical, emotional,
other) with shares and median engagement per account and network; what engagement means on
each network's export; and the evidence the planner's format fit can use
(``content.fit.format_fit_evidence``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from chandelle.content.fit import adjusted_fit, format_fit_evidence
from chandelle.content.models import (
    VERDICTS,
    BasisNote,
    ContentReport,
    FitEvidence,
    NetworkRegisters,
    RegisterResult,
    SeriesResult,
)

if TYPE_CHECKING:
    import duckdb

__all__ = [
    "VERDICTS", "BasisNote", "ContentReport", "FitEvidence", "NetworkRegisters", "RegisterResult",
    "SeriesResult", "adjusted_fit", "format_fit_evidence", "run_content",
]


def run_content(con: duckdb.DuckDBPyConnection, as_of: date) -> ContentReport:
    """Series, registers and engagement bases of every account in the store, as of ``as_of``.

    The work (and scipy / scikit-learn) is loaded on first call, so that importing this package
    (for its result types) stays cheap."""
    from chandelle.content.build import run_content as run

    return run(con, as_of)
