"""How to get each platform's export, in one place: where to click (the importer's ``HOWTO``,
the same text as ``chandelle importers``), how long the platform takes, which file to drop and
what it adds to the audit and the plan (``guide.toml``). The web app's first-run guide and the
"In short" block of docs/importers/*.md are both written from here."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from chandelle.i18n import translator

GUIDE_FILE = Path(__file__).with_name("guide.toml")
FIELDS = ("delay", "drop", "audit", "plan")


@dataclass(frozen=True)
class ExportGuide:
    """One platform's guide, as English msgids (``translated`` renders it)."""

    platform: str
    importer: str
    label: str
    howto: str
    delay: str
    drop: str
    audit: str
    plan: str

    def translated(self, lang: str) -> ExportGuide:
        _ = translator(lang)
        return ExportGuide(self.platform, self.importer, _(self.label), _(self.howto), _(self.delay),
                           _(self.drop), _(self.audit), _(self.plan))


@cache
def export_guides() -> tuple[ExportGuide, ...]:
    """Every platform with an importer, in the guide's order."""
    from chandelle.importers import IMPORTERS

    table = tomllib.loads(GUIDE_FILE.read_text(encoding="utf-8"))
    by_platform = {i.PLATFORM: i for i in IMPORTERS.values()}
    guides = []
    for platform, entry in sorted(table.items(), key=lambda kv: int(kv[1]["order"])):
        importer = by_platform[platform]
        guides.append(ExportGuide(platform, importer.NAME, importer.LABEL, importer.HOWTO,
                                  *(str(entry[f]) for f in FIELDS)))
    return tuple(guides)


def guide_msgids() -> set[str]:
    """Every msgid of guide.toml (the catalogue check reads them here)."""
    return {getattr(g, f) for g in export_guides() for f in FIELDS}
