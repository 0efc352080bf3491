"""Turn planned items per week into dated production and publication slots.

Rules (docs/calendar.md):

* Items per week may be fractional: week ``w`` gets ``floor(r·(w+1)) − floor(r·w)`` items of a
  format planned at ``r`` a week, so 0.5 means one item every other week, exactly.
* A network's items of the week are spread evenly over the working days — Monday to Friday, or
  the seven days when the profile allows weekend work (``weekend_work = true``); networks are
  shifted by a day each so that they do not all fall on the same day.
* In a week holding a national event (Nuit des musées, Journées du patrimoine, Fête de la
  science) or one of the institution's own events, each network's item nearest to it — an
  event format such as a live first — is moved onto the event's first day (the last working
  day before it when the event falls on a weekend the team does not work).
* Each of the institution's own events is announced on every network of the plan in the
  ``ANNOUNCE_WITHIN_DAYS`` days before it: the planned item nearest before the event becomes
  its announcement, or one item is added (and said) when none falls in that window.
* Each item is made and published by a member who has every skill it needs and enough hours
  left that week. An item's hours (the plan's hours per item: making, editing, publishing) are
  split into a production slot and a ``PUBLICATION_MINUTES`` publication slot, so that the
  diary never holds more than a member's weekly hours. Production happens on a working day on
  or before the publication day, in the member's least-loaded day. An item no one can make is
  reported (``unstaffed`` and ``unplaced``), not forced.
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
    PlannedNetwork,
    Slot,
    Unplaced,
)
from chandelle.errors import InputError
from chandelle.i18n import PARIS, Translator, fmt_date, fmt_number, translator
from chandelle.labels import format_label, platform_label

DAY_START = time(9, 30)
PUBLISH_AT = time(12, 30)
WORKING_DAYS = 5
PUBLICATION_MINUTES = 15
PUBLICATION_HOURS = PUBLICATION_MINUTES / 60
ANNOUNCE_WITHIN_DAYS = 7
MAX_WEEKS = 260


@dataclass
class _Load:
    """A member's hours left this week and hours used per working day."""

    member: Member
    left: float
    used: list[float] = field(default_factory=lambda: [0.0] * 7)


@dataclass
class _Item:
    platform: str
    planned: PlannedFormat
    day: int                      # 0 = Monday ... 6 = Sunday
    anchor: str | None = None
    extra: bool = False           # added for one of the institution's events
    announces: str | None = None  # the institution's event it announces
    account: str | None = None    # the account that publishes it


def network_name(platform: str, account: str | None, lang: str) -> str:
    """« Instagram » or, where the plan names the publishing account, « Instagram (@handle) »."""
    label = platform_label(platform, lang)
    return f"{label} (@{account})" if account else label


def items_in_week(rate: float, week_index: int) -> int:
    """How many items of a format planned at ``rate`` per week fall in week ``week_index``."""
    eps = 1e-9
    return math.floor(rate * (week_index + 1) + eps) - math.floor(rate * week_index + eps)


def spread_days(count: int, offset: int, days: int = 7) -> list[int]:
    """``count`` publication days spread evenly over the first ``days`` days of a week (7, or 5
    without weekend work), shifted by ``offset`` days."""
    return sorted((math.floor((k + 0.5) * days / count) + offset) % days for k in range(count))


def work_days(inp: CalendarInput) -> int:
    return 7 if inp.weekend_work else WORKING_DAYS


def _work_day_on_or_before(day: int, inp: CalendarInput) -> int:
    """``day`` (0 = Monday of the week), or the Friday before when it is a weekend day off."""
    return day if inp.weekend_work else min(day, WORKING_DAYS - 1)


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
        return result
    announced: set[tuple[str, str]] = set()
    for week in range(inp.weeks):
        _schedule_week(inp, monday + timedelta(weeks=week), week, moments, result, _, announced)
    for event in (m for m in moments if m.kind == "institution_event"):
        missing = [n.platform for n in inp.networks if n.formats and (event.key, n.platform) not in announced]
        if missing and inp.members:
            result.notes.append(_("“{event}” ({day}) could not be announced in the calendar's weeks: "
                                  "announce it before {day} yourself.", event=event.title,
                                  day=fmt_date(event.start, lang)))
    result.slots.sort(key=lambda s: (s.start, s.kind != "production", s.platform))
    return result


def _anchors_of_week(week_start: date, moments: list[Moment]) -> list[Moment]:
    week_end = week_start + timedelta(days=6)
    return [m for m in moments if m.kind != "school_holiday" and week_start <= m.start <= week_end]


def _week_items(inp: CalendarInput, week_start: date, week: int, moments: list[Moment],
                announced: set[tuple[str, str]]) -> list[_Item]:
    items: list[_Item] = []
    anchors = _anchors_of_week(week_start, moments)
    for offset, network in enumerate(inp.networks):
        planned = [f for f in network.formats for _n in range(items_in_week(f.items_per_week, week))]
        days = spread_days(len(planned), offset, work_days(inp)) if planned else []
        mine = [_Item(network.platform, f, d, account=network.account)
                for f, d in zip(planned, days, strict=True)]
        event_format = next((f for f in network.formats if f.format in EVENT_FORMATS), None)
        for moment in anchors:
            day = _work_day_on_or_before((moment.start - week_start).days, inp)
            free = [i for i in mine if i.anchor is None]
            has_event_item = any(i.planned.format in EVENT_FORMATS for i in free)
            if moment.kind == "institution_event" and event_format is not None and not has_event_item:
                mine.append(_Item(network.platform, event_format, day, moment.title, extra=True,
                                  account=network.account))
            elif free:
                chosen = min(free, key=lambda i: (i.planned.format not in EVENT_FORMATS, abs(i.day - day)))
                chosen.day, chosen.anchor = day, moment.title
        if network.formats:
            mine += _announcements(inp, network, week_start, moments, mine, announced)
        items += mine
    return sorted(items, key=lambda i: (i.day, i.platform))


def _last_announcement_day(inp: CalendarInput, event: Moment) -> date | None:
    """The last working day before ``event`` within ANNOUNCE_WITHIN_DAYS days of it."""
    for back in range(1, ANNOUNCE_WITHIN_DAYS + 1):
        day = event.start - timedelta(days=back)
        if day.weekday() < work_days(inp):
            return day
    return None


def _announcements(inp: CalendarInput, network: PlannedNetwork, week_start: date,
                   moments: list[Moment], mine: list[_Item], announced: set[tuple[str, str]]) -> list[_Item]:
    """Turn the item nearest before each of the institution's events (within its announcement
    window) into its announcement, or add one on the last working day before the event when the
    network publishes nothing in that window."""
    formats, platform = network.formats, network.platform
    added: list[_Item] = []
    for event in (m for m in moments if m.kind == "institution_event"):
        deadline = _last_announcement_day(inp, event)
        if deadline is None or (event.key, platform) in announced:
            continue
        first = event.start - timedelta(days=ANNOUNCE_WITHIN_DAYS)
        free = [i for i in mine if i.anchor is None and i.announces is None
                and first <= week_start + timedelta(days=i.day) <= deadline]
        if free:
            max(free, key=lambda i: i.day).announces = event.title
        elif week_start <= deadline < week_start + timedelta(days=7):
            regular = next((f for f in formats if f.format not in EVENT_FORMATS), formats[0])
            added.append(_Item(platform, regular, (deadline - week_start).days, extra=True,
                               announces=event.title, account=network.account))
        else:
            continue                      # the window goes on next week: announce there
        announced.add((event.key, platform))
    return added


def _item_hours(item: _Item) -> float:
    """Hours an item takes, publishing included (never less than its publication slot)."""
    return max(item.planned.hours_per_item, PUBLICATION_HOURS)


def _pick_member(loads: list[_Load], item: _Item) -> _Load | None:
    needed = set(item.planned.skills)
    able = [ld for ld in loads if needed <= set(ld.member.skills) and ld.left + 1e-9 >= _item_hours(item)]
    return max(able, key=lambda ld: ld.left) if able else None


def _uid(institution: str, kind: str, platform: str, fmt: str | None, day: date, seq: int) -> str:
    digest = hashlib.sha1(f"{institution}|{kind}|{platform}|{fmt}|{day}|{seq}".encode()).hexdigest()[:16]
    return f"{digest}@chandelle"


def _at(day: date, moment: time, hours: float = 0.0) -> datetime:
    return datetime.combine(day, moment, tzinfo=PARIS) + timedelta(hours=hours)


def _schedule_week(inp: CalendarInput, week_start: date, week: int, moments: list[Moment],
                   out: EditorialCalendar, _: Translator, announced: set[tuple[str, str]]) -> None:
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
            title=_("Replies and moderation: {platform}",
                    platform=network_name(network.platform, network.account, out.lang)),
            account=network.account))
    for item in _week_items(inp, week_start, week, moments, announced):
        seq += 1
        _place(inp, item, week_start, loads, seq, out, _)


def _unplaced(inp: CalendarInput, item: _Item, pub_day: date, out: EditorialCalendar,
              names: dict[str, str]) -> None:
    needed = set(item.planned.skills)
    skilled = any(needed <= set(m.skills) for m in inp.members)
    hours = _item_hours(item)
    out.unplaced.append(Unplaced(item.platform, item.planned.format, pub_day, hours,
                                 "hours" if skilled else "skills"))
    _ = translator(out.lang)
    if skilled:
        text = _("{day}: {format} for {platform} — no team member has the skills and {hours} h left that "
                 "week.", day=fmt_date(pub_day, out.lang), hours=fmt_number(hours, out.lang), **names)
    else:
        text = _("{day}: {format} for {platform} — nobody in the team has the skills it needs.",
                 day=fmt_date(pub_day, out.lang), **names)
    if item.announces:
        text += " " + _("It was to announce “{event}”: announce it another way.", event=item.announces)
    out.unstaffed.append(text)


def _place(inp: CalendarInput, item: _Item, week_start: date, loads: list[_Load], seq: int,
           out: EditorialCalendar, _: Translator) -> None:
    fmt, platform = item.planned.format, item.platform
    names = {"format": format_label(fmt, out.lang),
             "platform": network_name(platform, item.account, out.lang)}
    pub_day = week_start + timedelta(days=item.day)
    load = _pick_member(loads, item)
    if load is None:
        _unplaced(inp, item, pub_day, out, names)
        return
    total = _item_hours(item)
    making = round(total - PUBLICATION_HOURS, 6)
    load.left -= total
    suffix = f" — {item.anchor}" if item.anchor else ""
    if item.announces:
        suffix = " — " + _("announces “{event}”", event=item.announces)
    if item.extra and item.announces:
        out.notes.append(_("{day}: one {format} added on {platform} to announce “{event}”.",
                           day=fmt_date(pub_day, out.lang), event=item.announces, **names))
    elif item.extra:
        out.notes.append(_("{day}: one {format} added on {platform} for “{event}”.",
                           day=fmt_date(pub_day, out.lang), event=item.anchor or "", **names))
    ready = _at(pub_day, DAY_START)
    if making > 0:
        latest = _work_day_on_or_before(item.day, inp)
        day = min(range(latest + 1), key=lambda d: (load.used[d], -d))
        start = _at(week_start + timedelta(days=day), DAY_START, load.used[day])
        ready = start + timedelta(hours=making)
        load.used[day] += making
        out.slots.append(Slot(
            uid=_uid(inp.institution, "production", platform, fmt, week_start, seq), kind="production",
            platform=platform, format=fmt, member=load.member.name, start=start, end=ready, week=week_start,
            title=_("Make: {format} for {platform}", **names) + suffix, anchor=item.anchor,
            announces=item.announces, account=item.account))
    load.used[item.day] += PUBLICATION_HOURS
    publish = max(_at(pub_day, PUBLISH_AT), ready + timedelta(minutes=30))
    out.slots.append(Slot(
        uid=_uid(inp.institution, "publication", platform, fmt, week_start, seq), kind="publication",
        platform=platform, format=fmt, member=load.member.name, start=publish,
        end=publish + timedelta(hours=PUBLICATION_HOURS), week=week_start,
        title=_("Publish: {format} on {platform}", **names) + suffix, anchor=item.anchor,
        announces=item.announces, account=item.account))
