"""Turn planned items per week into dated production and publication slots.

Rules (docs/calendar.md):

* Items per week may be fractional: week ``w`` gets ``floor(r·(w+1)) − floor(r·w)`` items of a
  format planned at ``r`` a week, so 0.5 means one item every other week, exactly.
* A network's items of the week are spread evenly over the seven days (the platforms'
  schedulers publish at weekends); networks are shifted by a day each so that they do not
  all fall on the same day.
* In a week holding a national event (Nuit des musées, Journées du patrimoine, Fête de la
  science) or one of the institution's own events, each network's item nearest to it — an
  event format such as a live first — is moved onto the event's first day.
* Each item is made by a member who has every skill it needs and the most hours left that
  week; never beyond a member's weekly hours. Production happens on a working day (Monday to
  Friday) on or before the publication day, in the member's least-loaded day. An item no one
  can make is reported, not forced.
* Each network's weekly overhead (replies, moderation, monitoring) is one slot on Monday.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from chandelle.calendar.cultural import moments_between
from chandelle.calendar.model import (
    EVENT_FORMATS,
    CalendarInput,
    EditorialCalendar,
    Member,
    Moment,
    PlannedFormat,
    Slot,
)
from chandelle.errors import InputError
from chandelle.i18n import PARIS, Translator, fmt_date, fmt_number, translator
from chandelle.report.labels import format_label, platform_label

DAY_START = time(9, 30)
PUBLISH_AT = time(12, 30)
WORKING_DAYS = 5
PUBLICATION_MINUTES = 15
MAX_WEEKS = 260


@dataclass
class _Load:
    """A member's hours left this week and hours used per working day."""

    member: Member
    left: float
    used: list[float] = field(default_factory=lambda: [0.0] * WORKING_DAYS)


@dataclass
class _Item:
    platform: str
    planned: PlannedFormat
    day: int                      # 0 = Monday ... 6 = Sunday
    anchor: str | None = None
    extra: bool = False           # added for one of the institution's events


def items_in_week(rate: float, week_index: int) -> int:
    """How many items of a format planned at ``rate`` per week fall in week ``week_index``."""
    eps = 1e-9
    return math.floor(rate * (week_index + 1) + eps) - math.floor(rate * week_index + eps)


def spread_days(count: int, offset: int) -> list[int]:
    """``count`` publication days spread evenly over a week, shifted by ``offset`` days."""
    return sorted((math.floor((k + 0.5) * 7 / count) + offset) % 7 for k in range(count))


def _validate(inp: CalendarInput) -> None:
    if not 1 <= inp.weeks <= MAX_WEEKS:
        raise InputError("The calendar needs between 1 and {limit} weeks (got {weeks}).",
                         hint="Use --weeks with a smaller number.", limit=MAX_WEEKS, weeks=inp.weeks)
    for member in inp.members:
        if member.hours_per_week < 0:
            raise InputError("Team member {name} has negative hours per week.",
                             hint="Fix the team section of institution.toml.", name=member.name)


def build_calendar(inp: CalendarInput, lang: str = "fr",
                   generated_at: datetime | None = None) -> EditorialCalendar:
    """The editorial calendar of ``inp.weeks`` weeks from the Monday of ``inp.start``."""
    _validate(inp)
    _ = translator(lang)
    monday = inp.start - timedelta(days=inp.start.weekday())
    last_day = monday + timedelta(weeks=inp.weeks, days=-1)
    moments, notes = moments_between(monday, last_day, inp.school_zone, lang)
    moments += [Moment(key=f"own-{e.start.isoformat()}-{n}", title=e.title, start=e.start,
                       end=e.end or e.start, kind="institution_event", source="profile")
                for n, e in enumerate(inp.events) if e.start <= last_day and (e.end or e.start) >= monday]
    moments.sort(key=lambda m: (m.start, m.kind))
    result = EditorialCalendar(
        institution=inp.institution, start=monday, weeks=inp.weeks, lang=lang,
        generated_at=generated_at or datetime.now(PARIS), slots=[], moments=moments, notes=notes)
    if not inp.members:
        result.notes.append(_("The profile lists no team member: nothing can be scheduled."))
    for week in range(inp.weeks):
        _schedule_week(inp, monday + timedelta(weeks=week), week, moments, result, _)
    result.slots.sort(key=lambda s: (s.start, s.kind != "production", s.platform))
    return result


def _anchors_of_week(week_start: date, moments: list[Moment]) -> list[Moment]:
    week_end = week_start + timedelta(days=6)
    return [m for m in moments if m.kind != "school_holiday" and week_start <= m.start <= week_end]


def _week_items(inp: CalendarInput, week_start: date, week: int, moments: list[Moment]) -> list[_Item]:
    items: list[_Item] = []
    anchors = _anchors_of_week(week_start, moments)
    for offset, network in enumerate(inp.networks):
        planned = [f for f in network.formats for _n in range(items_in_week(f.items_per_week, week))]
        if not planned:
            continue
        days = spread_days(len(planned), offset)
        mine = [_Item(network.platform, f, d) for f, d in zip(planned, days, strict=True)]
        event_format = next((f for f in network.formats if f.format in EVENT_FORMATS), None)
        for moment in anchors:
            day = (moment.start - week_start).days
            free = [i for i in mine if i.anchor is None]
            has_event_item = any(i.planned.format in EVENT_FORMATS for i in free)
            if moment.kind == "institution_event" and event_format is not None and not has_event_item:
                mine.append(_Item(network.platform, event_format, day, moment.title, extra=True))
            elif free:
                chosen = min(free, key=lambda i: (i.planned.format not in EVENT_FORMATS, abs(i.day - day)))
                chosen.day, chosen.anchor = day, moment.title
        items += mine
    return sorted(items, key=lambda i: (i.day, i.platform))


def _pick_member(loads: list[_Load], item: _Item) -> _Load | None:
    needed = set(item.planned.skills)
    able = [ld for ld in loads if needed <= set(ld.member.skills)
            and ld.left + 1e-9 >= item.planned.hours_per_item]
    return max(able, key=lambda ld: ld.left) if able else None


def _uid(institution: str, kind: str, platform: str, fmt: str | None, day: date, seq: int) -> str:
    digest = hashlib.sha1(f"{institution}|{kind}|{platform}|{fmt}|{day}|{seq}".encode()).hexdigest()[:16]
    return f"{digest}@chandelle"


def _at(day: date, moment: time, hours: float = 0.0) -> datetime:
    return datetime.combine(day, moment, tzinfo=PARIS) + timedelta(hours=hours)


def _schedule_week(inp: CalendarInput, week_start: date, week: int, moments: list[Moment],
                   out: EditorialCalendar, _: Translator) -> None:
    loads = [_Load(m, m.hours_per_week) for m in inp.members]
    seq = 0
    for network in inp.networks:
        if network.overhead_hours_per_week <= 0 or not loads:
            continue
        load = max(loads, key=lambda ld: ld.left)
        hours = min(network.overhead_hours_per_week, max(load.left, 0.0))
        if hours <= 0:
            continue
        start = _at(week_start, DAY_START, load.used[0])
        load.left -= hours
        load.used[0] += hours
        seq += 1
        out.slots.append(Slot(
            uid=_uid(inp.institution, "moderation", network.platform, None, week_start, seq),
            kind="moderation", platform=network.platform, format=None, member=load.member.name,
            start=start, end=start + timedelta(hours=hours), week=week_start,
            title=_("Replies and moderation: {platform}", platform=platform_label(network.platform, _))))
    for item in _week_items(inp, week_start, week, moments):
        seq += 1
        _place(inp, item, week_start, loads, seq, out, _)


def _place(inp: CalendarInput, item: _Item, week_start: date, loads: list[_Load], seq: int,
           out: EditorialCalendar, _: Translator) -> None:
    fmt, platform = item.planned.format, item.platform
    names = {"format": format_label(fmt, _), "platform": platform_label(platform, _)}
    pub_day = week_start + timedelta(days=item.day)
    load = _pick_member(loads, item)
    if load is None:
        out.unstaffed.append(_("{day}: {format} for {platform} — no team member has the skills and "
                               "{hours} h left that week.", day=fmt_date(pub_day, out.lang),
                               hours=fmt_number(item.planned.hours_per_item, out.lang), **names))
        return
    hours = item.planned.hours_per_item
    latest = min(item.day, WORKING_DAYS - 1)
    day = min(range(latest + 1), key=lambda d: (load.used[d], -d))
    start = _at(week_start + timedelta(days=day), DAY_START, load.used[day])
    end = start + timedelta(hours=hours)
    load.used[day] += hours
    load.left -= hours
    suffix = f" — {item.anchor}" if item.anchor else ""
    if item.extra:
        out.notes.append(_("{day}: one {format} added on {platform} for “{event}”.",
                           day=fmt_date(pub_day, out.lang), event=item.anchor or "", **names))
    out.slots.append(Slot(
        uid=_uid(inp.institution, "production", platform, fmt, week_start, seq), kind="production",
        platform=platform, format=fmt, member=load.member.name, start=start, end=end, week=week_start,
        title=_("Make: {format} for {platform}", **names) + suffix, anchor=item.anchor))
    publish = max(_at(pub_day, PUBLISH_AT), end + timedelta(minutes=30))
    out.slots.append(Slot(
        uid=_uid(inp.institution, "publication", platform, fmt, week_start, seq), kind="publication",
        platform=platform, format=fmt, member=load.member.name, start=publish,
        end=publish + timedelta(minutes=PUBLICATION_MINUTES), week=week_start,
        title=_("Publish: {format} on {platform}", **names) + suffix, anchor=item.anchor))
