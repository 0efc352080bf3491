"""Write the "In short" block of docs/importers/<platform>.md from the one guide source
(chandelle.importers.guide: the importer's HOWTO and importers/guide.toml), in French and English.

    python scripts/importers_guide.py          # rewrite the blocks
    python scripts/importers_guide.py --check  # exit 1 if a block is out of date (tests run this)
"""

from __future__ import annotations

import sys
from pathlib import Path

from chandelle.importers.guide import ExportGuide, export_guides

DOCS = Path(__file__).resolve().parent.parent / "docs" / "importers"
START, END = "<!-- guide:start (scripts/importers_guide.py) -->", "<!-- guide:end -->"
HEADINGS = {
    "fr": ("En bref", "Où cliquer", "Délai", "Fichier à déposer", "Apport à l'audit", "Apport au plan"),
    "en": ("In short", "Where to click", "Delay", "File to drop", "Adds to the audit", "Adds to the plan"),
}


def block(guide: ExportGuide) -> str:
    lines = [START]
    for lang in ("fr", "en"):
        shown = guide.translated(lang)
        title, *names = HEADINGS[lang]
        lines.append(f"**{title}**\n")
        values = (shown.howto, shown.delay, shown.drop, shown.audit, shown.plan)
        lines += [f"- *{name}* : {value}" if lang == "fr" else f"- *{name}*: {value}"
                  for name, value in zip(names, values, strict=True)]
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def updated(text: str, guide: ExportGuide) -> str:
    new = block(guide)
    if START in text and END in text:
        before, rest = text.split(START, 1)
        return before + new + rest.split(END, 1)[1]
    head, _, body = text.partition("\n\n")
    return f"{head}\n\n{new}\n\n{body}"


def main(check: bool) -> int:
    stale = []
    for guide in export_guides():
        path = DOCS / f"{guide.platform}.md"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        new = updated(text, guide)
        if new != text:
            stale.append(path.name)
            if not check:
                path.write_text(new, encoding="utf-8")
    if check and stale:
        print("out of date: " + ", ".join(stale) + " (run python scripts/importers_guide.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv))
