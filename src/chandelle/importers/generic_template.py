"""The generic import template: its columns (French and English names), its vocabularies,
and the writer behind ``chandelle template``. Documented in docs/import-template.md.

The template is for networks chandelle has no importer for and for hand-kept spreadsheets.
Column names are matched case-, accent- and space-insensitively, in French or English.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from chandelle.errors import InputError
from chandelle.i18n import check_language, translator
from chandelle.importers._parse import normalise_header


@dataclass(frozen=True, slots=True)
class Column:
    """One template column: the field it fills, its names, and what it means (msgid)."""

    key: str
    french: str
    english: str
    meaning: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.french, self.english, *self.aliases)


METRIC_KEYS = ("likes", "comments", "shares", "views", "saves", "reach", "impressions", "clicks")

COLUMNS: tuple[Column, ...] = (
    Column("platform", "plateforme", "platform",
           "Network: instagram, facebook, tiktok, youtube, twitch, x, mastodon, bluesky, linkedin, "
           "threads, or the name of any other network. Empty: other.", ("réseau", "network")),
    Column("account", "compte", "account", "The account's name on that network (with or without @).",
           required=True),
    Column("published_at", "date", "published_at",
           "Publication date and time: DD/MM/YYYY HH:MM or ISO 8601 (YYYY-MM-DDTHH:MM). "
           "Without an offset, the time is Paris time.",
           ("date de publication", "published at", "publication date"), required=True),
    Column("id", "identifiant", "id",
           "The publication's identifier on the network, if known. Empty: chandelle makes one.",
           ("id de la publication", "post id")),
    Column("format", "format", "format",
           "text, link, photo, carousel, video, reel, short, story, live, article, guide, document, "
           "poll, audio, event or other (French words accepted). Empty: other."),
    Column("kind", "type", "type",
           "original, share (a repost of someone else's content) or reply (a reply to another "
           "account). Empty: original.", ("kind",)),
    Column("text", "texte", "text", "The text or caption, exactly as published.", ("légende", "caption")),
    Column("url", "lien", "url", "The publication's public address.", ("link", "permalien")),
    Column("duration_s", "durée (s)", "duration (s)",
           "Video or live duration, in seconds or as H:MM:SS.", ("durée", "duration", "duration_s")),
    Column("reply_to", "en réponse à", "reply_to",
           "For a thread: the identifier of the previous part, by the same account.",
           ("réponse à", "reply to", "in reply to")),
    Column("likes", "j'aime", "likes", "Likes (or reactions), as of the day you fill the sheet.",
           ("mentions j'aime", "réactions", "reactions")),
    Column("comments", "commentaires", "comments", "Comments."),
    Column("shares", "partages", "shares", "Shares, reposts or retweets of this publication.",
           ("republications", "reposts", "retweets")),
    Column("views", "vues", "views", "Views or plays."),
    Column("saves", "enregistrements", "saves", "Saves or bookmarks.", ("sauvegardes", "bookmarks")),
    Column("reach", "portée", "reach", "Accounts reached.", ("comptes touchés",)),
    Column("impressions", "impressions", "impressions", "Impressions."),
    Column("clicks", "clics", "clicks", "Link clicks.", ("clics sur le lien", "link clicks")),
)

ALIASES: dict[str, tuple[str, ...]] = {column.key: column.names for column in COLUMNS}
REQUIRED = tuple(column.key for column in COLUMNS if column.required)
EXPECTED_COLUMNS = ", ".join(f"{c.french}/{c.english}" for c in COLUMNS[:9])


def _vocabulary(groups: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {normalise_header(word): value for value, words in groups.items() for word in (value, *words)}


PLATFORM_WORDS = _vocabulary({
    "instagram": ("insta", "ig"), "facebook": ("fb", "meta"), "tiktok": ("tik tok",),
    "youtube": ("yt",), "twitch": (), "x": ("twitter", "x twitter", "x (twitter)"),
    "mastodon": (), "bluesky": ("bsky",), "linkedin": (), "threads": (),
    "other": ("autre", "autres", ""),
})

FORMAT_WORDS = _vocabulary({
    "text": ("texte", "statut", "status"), "link": ("lien",), "photo": ("image", "img", "picture"),
    "carousel": ("carrousel", "album", "galerie", "gallery"), "video": ("vidéo",),
    "reel": ("reels", "réel"), "short": ("shorts",), "story": ("stories", "storys"),
    "live": ("direct", "en direct", "stream", "live stream"), "article": (), "guide": (),
    "document": ("pdf",), "poll": ("sondage",), "audio": ("podcast",),
    "event": ("événement", "evenement", "évènement"), "other": ("autre",),
})

KIND_WORDS = _vocabulary({
    "original": ("originale", "publication", "post"),
    "repost": ("partage", "share", "repartage", "republication", "retweet", "rt", "boost"),
    "reply_to_other": ("réponse", "reponse", "reply", "réponse à un autre compte"),
})

EXAMPLE_ID_PREFIXES = ("exemple", "example")


def example_row(lang: str) -> dict[str, str]:
    """The example row the template ships with (skipped at import: its id starts with EXEMPLE)."""
    french = lang == "fr"
    return {
        "platform": "instagram",
        "account": "musee_exemple",
        "published_at": "24/11/2026 18:30" if french else "2026-11-24T18:30",
        "id": "EXEMPLE-1" if french else "EXAMPLE-1",
        "format": "carrousel" if french else "carousel",
        "kind": "original",
        "text": ("Nocturne du jeudi : « La lumière des Primitifs » 🕯️ (ligne d'exemple, à remplacer)"
                 if french else "Thursday late opening 🕯️ (example row: replace it)"),
        "url": "https://www.instagram.com/p/EXEMPLE/",
        "duration_s": "",
        "reply_to": "",
        "likes": "128",
        "comments": "9",
        "shares": "4",
        "views": "2 310" if french else "2310",
        "saves": "17",
        "reach": "",
        "impressions": "",
        "clicks": "",
    }


def header(lang: str) -> list[str]:
    return [column.french if lang == "fr" else column.english for column in COLUMNS]


def write_template(path: Path, lang: str = "fr") -> None:
    """Write the empty template with its example row, as .csv or .xlsx (chosen by suffix)."""
    lang = check_language(lang)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        _write_csv(path, lang)
    elif suffix == ".xlsx":
        _write_xlsx(path, lang)
    else:
        raise InputError(
            "{file}: the template can be written as .csv or .xlsx only.",
            hint="Choose a file name ending in .csv or .xlsx.", file=str(path),
        )


def _write_csv(path: Path, lang: str) -> None:
    row = example_row(lang)
    # French spreadsheets expect ';' and a BOM to open UTF-8 text correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";" if lang == "fr" else ",")
        writer.writerow(header(lang))
        writer.writerow([row[column.key] for column in COLUMNS])


def _write_xlsx(path: Path, lang: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    _ = translator(lang)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Publications")
    sheet.append(header(lang))
    row = example_row(lang)
    sheet.append([row[column.key] for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet(_("Help"))
    help_sheet.append([_("Column"), _("Required"), _("Meaning")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        name = column.french if lang == "fr" else column.english
        help_sheet.append([name, _("yes") if column.required else _("no"), _(column.meaning)])
    help_sheet.column_dimensions["C"].width = 100
    workbook.save(path)
