"""Meta Business Suite content CSV (Instagram posts and stories, Facebook Page posts).

The column set drifts month to month and follows the account language, so columns are
matched by subset, case- and accent-insensitively, through the aliases below (English,
French, and the Portuguese story columns seen in parsers). Files are UTF-8 with a BOM.

Spreadsheet damage is reported, never guessed through: an id turned into ``1.22158E+17``
or a publish time in day-first order (``27-07-2022``, ``27/07/2022``) skips the row with a
stated reason, and the file gets one warning telling the user to export again.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chandelle.errors import MalformedFileError
from chandelle.importers._parse import (
    is_scientific_id,
    match_columns,
    normalise_header,
    parse_count,
    parse_timestamp,
    read_csv_rows,
)
from chandelle.importers.base import AccountRecord, ItemRecord, Record, Skip, Warning_
from chandelle.importers.source import Source

DEFAULT_TIMEZONE = "Europe/Paris"

FIELDS: dict[str, tuple[str, ...]] = {
    "post_id": ("Post ID", "Identifiant de la publication", "ID de la publication", "ID da publicação"),
    "account_id": ("Account ID", "Identifiant du compte", "ID du compte", "ID da conta"),
    "account_username": ("Account username", "Nom d'utilisateur du compte", "Nome de usuário da conta"),
    "account_name": ("Account name", "Nom du compte", "Nome da conta"),
    "page_id": ("Page ID", "Identifiant de la Page", "ID de la Page", "ID da Página"),
    "page_name": ("Page name", "Nom de la Page", "Nome da Página"),
    "title": ("Title", "Titre", "Título"),
    "description": ("Description", "Descrição"),
    "duration": ("Duration (sec)", "Durée (s)", "Durée (sec)", "Duração (s)"),
    "publish_time": ("Publish time", "Heure de publication", "Date de publication", "Horário de publicação"),
    "permalink": ("Permalink", "Lien permanent", "Link permanente"),
    "post_type": ("Post type", "Type de publication", "Tipo de publicação"),
    "is_share": ("Is share", "Est un partage"),
    "date": ("Date", "Data"),
}

METRIC_COLUMNS: dict[str, tuple[str, ...]] = {
    "views": ("Views", "Vues", "Visualizações"),
    "impressions": ("Impressions", "Impressões"),
    "reach": ("Reach", "Couverture", "Portée", "Alcance"),
    "likes": ("Likes", "J'aime", "Mentions J'aime", "Curtidas", "Reactions", "Réactions", "Reações"),
    "comments": ("Comments", "Commentaires", "Comentários"),
    "shares": ("Shares", "Partages", "Compartilhamentos"),
    "saves": ("Saves", "Enregistrements", "Salvamentos"),
    "followers_gained": ("Follows", "Abonnements", "Seguimentos"),
    "replies": ("Replies", "Réponses", "Respostas"),
    "clicks": ("Total clicks", "Total des clics", "Clics au total", "Link clicks", "Clics sur un lien",
               "Cliques no link"),
    "engagements": ("Reactions, Comments and Shares", "Réactions, commentaires et partages"),
    "watch_time_s": ("Seconds viewed", "Secondes visionnées"),
    "average_view_duration_s": ("Average Seconds viewed", "Secondes visionnées en moyenne"),
}

STORY_ONLY_COLUMNS = ("Sticker taps", "Navigation", "Appuis sur les stickers", "Toques em figurinhas",
                      "Navegação")

_LIFETIME = {"lifetime", "duree de vie", "a vie", "vitalicio", "total"}
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")
_DAY_FIRST_OTHER = re.compile(r"^\d{1,2}[-.]\d{1,2}[-.]\d{2,4}")
_YES = {"yes", "true", "oui", "vrai", "sim", "1"}

# Post type words (normalised, any language) -> FORMATS; checked in this order.
_FORMAT_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("carousel", ("carousel", "carrousel", "carrossel", "album")),
    ("reel", ("reel",)),
    ("story", ("story", "stories")),
    ("live", ("live", "direct", "ao vivo")),
    ("video", ("video",)),
    ("photo", ("photo", "image", "imagem", "foto")),
    ("link", ("link", "lien")),
    ("text", ("text", "texte", "status", "statut")),
    ("event", ("event", "evenement")),
)


def header_fields(source: Source) -> dict[str, int] | None:
    """The matched columns of a Business Suite content CSV's header, None if it is not one."""
    header = _first_row(source)
    if not header:
        return None
    found = match_columns(header, FIELDS)
    if "post_id" not in found or "publish_time" not in found:
        return None
    if "permalink" not in found and "post_type" not in found:
        return None
    return found


def platform_of(source: Source) -> str | None:
    """'instagram' or 'facebook' for a Business Suite content CSV (cheap: header and head)."""
    found = header_fields(source)
    if found is None:
        return None
    instagram = "account_username" in found or "account_id" in found
    facebook = "page_id" in found or "page_name" in found
    if instagram != facebook:
        return "instagram" if instagram else "facebook"
    head = source.head_text(16384).lower()
    if ("instagram.com/" in head) != ("facebook.com/" in head):
        return "instagram" if "instagram.com/" in head else "facebook"
    return None


def _first_row(source: Source) -> list[str]:
    lines = [line for line in source.head_text(8192).splitlines() if line.strip()]
    if lines and lines[0].lower().startswith("sep="):
        lines = lines[1:]
    if not lines:
        return []
    delimiter = max((",", ";", "\t"), key=lines[0].count)
    try:
        return next(csv.reader([lines[0]], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return []


def read(source: Source, platform: str, fallback_handle: str, fallback_warning: Warning_ | None,
         override_handle: str | None = None) -> Iterator[Record]:
    """Every row of a Business Suite content CSV as an ItemRecord (or a Skip with its reason).

    The handle is the row's account username (Instagram) or Page name (Facebook), unless
    ``override_handle`` is given; ``fallback_handle`` serves rows that name no account.
    """
    rows = read_csv_rows(source)
    header = _header(source, rows)
    columns = match_columns(header, FIELDS)
    metrics = match_columns(header, METRIC_COLUMNS)
    story_file = bool(match_columns(header, {"story": STORY_ONLY_COLUMNS}))
    zone = _zone(source)
    state = _FileState()
    state.override = override_handle
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        yield from _row(source, platform, line, row, columns, metrics, story_file, zone, state,
                        fallback_handle)
    if state.used_fallback and fallback_warning is not None:
        yield fallback_warning
    yield from state.warnings(source, zone)


class _FileState:
    def __init__(self) -> None:
        self.accounts: set[str] = set()
        self.scientific = 0
        self.day_first = 0
        self.two_digit_year = 0
        self.period_rows = 0
        self.used_fallback = False
        self.unknown_types: set[str] = set()
        self.override: str | None = None

    def warnings(self, source: Source, zone: ZoneInfo) -> Iterator[Warning_]:
        params = {"file": source.name}
        if self.scientific:
            yield Warning_("{file}: post ids turned into numbers like 1.22158E+17 by a spreadsheet; "
                           "rows skipped: {count}. Export the file again from Meta Business Suite and "
                           "import it without opening it in a spreadsheet.",
                           source.name, {**params, "count": str(self.scientific)})
        if self.day_first:
            yield Warning_("{file}: publish times in day-first order (DD-MM-YYYY), the mark of a file "
                           "re-saved by a spreadsheet; rows skipped: {count}. Export the file again "
                           "from Meta Business Suite.",
                           source.name, {**params, "count": str(self.day_first)})
        if self.two_digit_year:
            yield Warning_("{file}: publish times with a two-digit year (a spreadsheet re-save), "
                           "read as 20YY: {count}.",
                           source.name, {**params, "count": str(self.two_digit_year)})
        if self.period_rows:
            yield Warning_("{file}: rows with figures for one day, not lifetime totals, whose figures "
                           "were not stored: {count}. Export with the 'Lifetime' period.",
                           source.name, {**params, "count": str(self.period_rows)})
        for word in sorted(self.unknown_types):
            yield Warning_("{file}: unknown post type '{type}', stored as 'other'.",
                           source.name, {**params, "type": word})
        yield Warning_("{file}: Meta Business Suite gives publish times without a time zone; they "
                       "were read in the {zone} time zone.", source.name, {**params, "zone": zone.key})


def _header(source: Source, rows: Iterator[tuple[int, list[str]]]) -> list[str]:
    for _line, row in rows:
        if any(cell.strip() for cell in row):
            return row
    raise MalformedFileError("{file}: the CSV has no header row.",
                             hint="Export the file again from Meta Business Suite.", file=source.name)


def _zone(source: Source) -> ZoneInfo:
    try:
        return ZoneInfo(source.hints.get("timezone") or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def _cell(row: list[str], columns: Mapping[str, int], name: str) -> str:
    position = columns.get(name)
    if position is None or position >= len(row):
        return ""
    return row[position]


def _row(source: Source, platform: str, line: int, row: list[str], columns: Mapping[str, int],
         metrics: Mapping[str, int], story_file: bool, zone: ZoneInfo, state: _FileState,
         fallback_handle: str) -> Iterator[Record]:
    where = f"{source.name}:{line}"
    post_id = _cell(row, columns, "post_id").strip()
    if not post_id:
        yield Skip("row without a post id", where)
        return
    if is_scientific_id(post_id):
        state.scientific += 1
        yield Skip("post id damaged by a spreadsheet (like 1.22158E+17)", where)
        return
    raw_time = _cell(row, columns, "publish_time").strip()
    try:
        published = _publish_time(raw_time, zone, state)
    except _DayFirstError:
        state.day_first += 1
        yield Skip("publish time in day-first order (file re-saved by a spreadsheet)", where)
        return
    except ValueError:
        yield Skip("unreadable publish time", where)
        return
    try:
        values = _metrics(row, metrics)
        duration = parse_count(_cell(row, columns, "duration"))
    except ValueError:
        yield Skip("unreadable number", where)
        return
    if _cell(row, columns, "date").strip() and normalise_header(_cell(row, columns, "date")) not in _LIFETIME:
        state.period_rows += 1
        values = {}
    handle = _handle(row, columns, platform, fallback_handle, state)
    if handle not in state.accounts:
        state.accounts.add(handle)
        yield _account(row, columns, platform, handle)
    yield ItemRecord(
        platform=platform, item_id=post_id, account=handle, published_at=published,
        format=_format(_cell(row, columns, "post_type"), story_file, state),
        kind="repost" if normalise_header(_cell(row, columns, "is_share")) in _YES else "original",
        text=_caption(row, columns, platform), url=_cell(row, columns, "permalink").strip() or None,
        duration_s=duration if duration else None, metrics=values,
    )


class _DayFirstError(ValueError):
    pass


def _publish_time(text: str, zone: ZoneInfo, state: _FileState) -> datetime:
    """Business Suite's ``MM/DD/YYYY HH:MM`` (local, no zone) or ISO; day-first is refused."""
    if _DAY_FIRST_OTHER.match(text):
        raise _DayFirstError(text)
    match = _US_DATE.match(text)
    if match:
        month, day, year = int(match.group(1)), int(match.group(2)), match.group(3)
        if month > 12:
            raise _DayFirstError(text)
        if len(year) == 2:
            state.two_digit_year += 1
        local = datetime(int(year) + (2000 if len(year) == 2 else 0), month, day,
                         int(match.group(4) or 0), int(match.group(5) or 0), int(match.group(6) or 0))
        return local.replace(tzinfo=zone).astimezone(UTC)
    parsed = parse_timestamp(text)
    if re.search(r"(Z|[+-]\d{2}:?\d{2})$", text):
        return parsed.astimezone(UTC)
    return parsed.replace(tzinfo=zone).astimezone(UTC)


def _metrics(row: list[str], metrics: Mapping[str, int]) -> dict[str, float]:
    values: dict[str, float] = {}
    for name, position in metrics.items():
        value = parse_count(row[position]) if position < len(row) else None
        if value is not None:
            values[name] = value
    return values


def _handle(row: list[str], columns: Mapping[str, int], platform: str, fallback: str,
            state: _FileState) -> str:
    if state.override:
        return state.override
    name = "account_username" if platform == "instagram" else "page_name"
    value = _cell(row, columns, name).strip().lstrip("@")
    if value:
        return value
    state.used_fallback = True
    return fallback


def _account(row: list[str], columns: Mapping[str, int], platform: str, handle: str) -> AccountRecord:
    if platform == "instagram":
        name, account_id = _cell(row, columns, "account_name"), _cell(row, columns, "account_id")
        url = f"https://www.instagram.com/{handle}/"
    else:
        name, account_id = _cell(row, columns, "page_name"), _cell(row, columns, "page_id")
        url = None
    account_id = account_id.strip()
    return AccountRecord(platform=platform, handle=handle, display_name=name.strip() or None, url=url,
                         platform_account_id=account_id if account_id and not is_scientific_id(account_id)
                         else None)


def _caption(row: list[str], columns: Mapping[str, int], platform: str) -> str | None:
    description = _cell(row, columns, "description")
    if platform == "facebook":
        # Which column holds a Page post's caption depends on the post type: take the longer.
        title = _cell(row, columns, "title")
        description = title if len(title) > len(description) else description
    return description if description.strip() else None


def _format(value: str, story_file: bool, state: _FileState) -> str:
    words = normalise_header(value)
    if not words:
        return "story" if story_file else "other"
    for fmt, markers in _FORMAT_WORDS:
        if any(re.search(rf"\b{marker}", words) for marker in markers):
            return fmt
    state.unknown_types.add(value.strip())
    return "other"
