"""What to post, not only where: recurring series and their wear, registers, engagement bases.

``run_content(con, as_of)`` returns a ``ContentReport`` (docs/content.md): the account's series
(« #LeSaviezVous n°12 », « L'objet du mois — … ») with a Theil–Sen trend, a Mann–Kendall test and
a ``fatigue`` verdict; the register of every item (humour, scholarly, practical, emotional,
other) with shares and median engagement per account and network; what engagement means on
each network's export; and the evidence the planner's format fit can use
(``content.fit.format_fit_evidence``).
"""

from __future__ import annotations

from chandelle.content.build import build, run_content
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

__all__ = [
    "VERDICTS", "BasisNote", "ContentReport", "FitEvidence", "NetworkRegisters", "RegisterResult",
    "SeriesResult", "adjusted_fit", "build", "format_fit_evidence", "run_content",
]
