"""Print, as .po entries, the message ids that have no French translation yet."""

from chandelle.i18n_extract import missing


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


for msgid, where in sorted(missing("fr").items(), key=lambda kv: kv[1]):
    print(f"#: {where}\nmsgid {_quote(msgid)}\nmsgstr \"\"\n")
