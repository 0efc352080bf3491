"""Write a .po catalogue from a Python dict literal file: `python scripts/po.py SRC.py OUT.po`.

Translators may also edit the .po files directly; this is only a convenience.
"""

import ast
import sys
from pathlib import Path


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_po(entries: dict[str, str], out: Path) -> None:
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for msgid, msgstr in entries.items():
        lines += [f"msgid {_quote(msgid)}", f"msgstr {_quote(msgstr)}", ""]
    out.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    write_po(ast.literal_eval(Path(sys.argv[1]).read_text(encoding="utf-8")), Path(sys.argv[2]))
