"""The editorial calendar: exact cadences, hours and skills respected, anchored on the cultural
calendar and the institution's events; .ics read back by an independent parser (``ics``);
.xlsx opened with openpyxl (and LibreOffice where installed); printable, escaped HTML."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from chandelle.calendar import CalendarInput, build_calendar
from chandelle.calendar.cultural import load_cultural_calendar, moments_between
from chandelle.calendar.model import InstitutionEvent, Member, PlannedFormat, PlannedNetwork
from chandelle.calendar.outputs import to_ics, write_html, write_ics, write_xlsx
from chandelle.calendar.schedule import items_in_week, spread_days
from chandelle.errors import InputError
from chandelle.i18n import PARIS

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(1)>'


def _input(weeks: int = 6, start: date = date(2026, 5, 4), **changes: object) -> CalendarInput:
    networks = (
        PlannedNetwork("instagram", (PlannedFormat("instagram", "reel", 1, 3.0, ("video_editing",)),
                                     PlannedFormat("instagram", "carousel", 1.5, 1.5, ("photo",)),
                                     PlannedFormat("instagram", "story", 2, 0.25)), 1.0),
        PlannedNetwork("facebook", (PlannedFormat("facebook", "photo", 2, 0.75, ("photo",)),
                                    PlannedFormat("facebook", "live", 0.25, 2.0, ("live_streaming",))), 0.5),
    )
    members = (Member("Camille", 9, ("video_editing", "writing")),
               Member("Sam", 8, ("photo", "live_streaming")))
    base = {"institution": "Musée test", "start": start, "weeks": weeks, "networks": networks,
            "members": members, "school_zone": "C",
            "events": (InstitutionEvent(f"Vernissage {HOSTILE}", date(2026, 5, 28)),)}
    base.update(changes)
    return CalendarInput(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize("rate", [0.25, 0.5, 1, 1.5, 2, 2.4, 7, 10])
def test_fractional_cadence_is_exact_over_time(rate: float) -> None:
    weeks = 40
    total = sum(items_in_week(rate, w) for w in range(weeks))
    assert total == int(rate * weeks + 1e-9)
    assert all(abs(items_in_week(rate, w) - rate) < 1 for w in range(weeks))


def test_days_are_spread_over_the_week() -> None:
    assert spread_days(1, 0) == [3]
    assert spread_days(2, 0) == [1, 5]
    assert spread_days(7, 0) == list(range(7))
    assert len(set(spread_days(3, 2))) == 3


def test_hours_and_skills_are_respected() -> None:
    cal = build_calendar(_input(weeks=8, start=date(2026, 9, 7)))
    members = {m.name: m for m in _input().members}
    needed = {(f.platform, f.format): set(f.skills) for n in _input().networks for f in n.formats}
    used: Counter[tuple[str, date]] = Counter()
    for slot in cal.slots:
        assert slot.member in members
        if slot.kind == "production":
            assert needed[(slot.platform, slot.format or "")] <= set(members[slot.member].skills)
            assert slot.start.weekday() < 5
            assert time_ok(slot.start)
        used[(slot.member, slot.week)] += (slot.end - slot.start).total_seconds() / 3600
    assert used
    for (name, _week), hours in used.items():                  # publishing counts too
        assert hours <= members[name].hours_per_week + 1e-9


def test_every_item_takes_its_planned_hours_publishing_included() -> None:
    cal = build_calendar(_input(weeks=2, start=date(2026, 9, 7)))
    planned = {(f.platform, f.format): f.hours_per_item for n in _input().networks for f in n.formats}
    in_diary = sum((s.end - s.start).total_seconds() / 3600 for s in cal.slots if s.kind != "moderation")
    published = [s for s in cal.slots if s.kind == "publication"]
    assert published and all((s.end - s.start) == timedelta(minutes=15) for s in published)
    assert abs(in_diary - sum(max(planned[(s.platform, s.format or "")], 0.25) for s in published)) < 1e-6


def test_no_weekend_work_unless_the_profile_allows_it() -> None:
    weekdays = build_calendar(_input(weeks=6))
    assert weekdays.slots and all(s.start.weekday() < 5 for s in weekdays.slots)
    weekends = build_calendar(_input(weeks=6, weekend_work=True))
    assert any(s.start.weekday() >= 5 for s in weekends.slots if s.kind == "publication")


def test_each_own_event_is_announced_before_its_date_on_every_network() -> None:
    opening = date(2026, 5, 28)
    cal = build_calendar(_input(start=date(2026, 5, 4), weeks=6))
    for platform in ("instagram", "facebook"):
        announces = [s for s in cal.slots if s.kind == "publication" and s.platform == platform
                     and s.announces and "Vernissage" in s.announces]
        assert len(announces) == 1, platform
        assert opening - timedelta(days=7) <= announces[0].start.date() < opening
        assert "annonce" in announces[0].title


def test_an_event_without_any_item_in_its_window_still_gets_an_announcement() -> None:
    sparse = (PlannedNetwork("instagram", (PlannedFormat("instagram", "carousel", 0.25, 1.0),)),)
    cal = build_calendar(_input(start=date(2026, 5, 18), weeks=2, networks=sparse))
    announces = [s for s in cal.slots if s.kind == "publication" and s.announces]
    assert [s.start.date() for s in announces] == [date(2026, 5, 27)]
    assert any("annoncer" in n for n in cal.notes)


def test_items_no_one_can_make_are_reported_with_their_reason() -> None:
    nobody_films = (Member("Camille", 9, ("writing",)), Member("Sam", 5, ("photo",)))
    cal = build_calendar(_input(weeks=2, start=date(2026, 9, 7), members=nobody_films))
    reels = [u for u in cal.unplaced if u.format == "reel"]
    assert reels and all(u.reason == "skills" for u in reels)
    assert len(cal.unstaffed) == len(cal.unplaced)
    assert all(s.format != "reel" for s in cal.slots)


def time_ok(moment: datetime) -> bool:
    return moment.tzinfo is not None and moment.utcoffset() == moment.astimezone(PARIS).utcoffset()


def test_production_comes_before_publication() -> None:
    cal = build_calendar(_input())
    productions = [s for s in cal.slots if s.kind == "production"]
    publications = [s for s in cal.slots if s.kind == "publication" and s.format != "story"]
    assert len(productions) == len(publications)           # a 15-minute story is only published
    assert len({s.uid for s in cal.slots}) == len(cal.slots)
    for slot in publications:
        made = [p for p in productions if p.week == slot.week and p.platform == slot.platform
                and p.format == slot.format and p.end <= slot.start]
        assert made


def test_anchored_on_national_and_own_events() -> None:
    cal = build_calendar(_input())
    keys = {m.key for m in cal.moments}
    assert "nuit-des-musees" in keys                             # Saturday 23 May 2026
    night = [s for s in cal.slots if s.kind == "publication" and s.start.date() == date(2026, 5, 22)]
    assert night and all(s.anchor for s in night)                 # on the Friday: no weekend work
    on_the_night = build_calendar(_input(weekend_work=True))
    assert [s for s in on_the_night.slots if s.kind == "publication" and s.start.date() == date(2026, 5, 23)]
    opening = [s for s in cal.slots if s.kind == "publication" and s.start.date() == date(2026, 5, 28)]
    assert any(s.format == "live" and s.platform == "facebook" for s in opening)


def test_an_opening_gets_a_live_even_in_a_week_without_one() -> None:
    cal = build_calendar(_input(start=date(2026, 5, 11), weeks=3))
    opening = [s for s in cal.slots if s.kind == "publication" and s.start.date() == date(2026, 5, 28)]
    assert [s.format for s in opening if s.platform == "facebook"] == ["live"]
    assert any("Direct" in n and "Vernissage" in n for n in cal.notes)


def test_school_holidays_of_the_zone() -> None:
    cal = build_calendar(_input(start=date(2026, 2, 2), weeks=6, school_zone="A"))
    holidays = [m for m in cal.moments if m.kind == "school_holiday"]
    assert [(m.start, m.end) for m in holidays] == [(date(2026, 2, 7), date(2026, 2, 22))]
    assert "zone A" in holidays[0].title


def test_unknown_dates_are_said_not_invented() -> None:
    moments, notes = moments_between(date(2027, 4, 1), date(2027, 11, 30), "B", "fr")
    assert not [m for m in moments if m.key == "nuit-des-musees"]
    assert any("Nuit européenne des musées 2027" in n for n in notes)
    assert any("vacances scolaires" in n.lower() for n in notes)
    heritage = [m for m in moments if m.key == "journees-du-patrimoine"]
    assert heritage and not heritage[0].confirmed


def test_cultural_calendar_is_sourced() -> None:
    cal = load_cultural_calendar()
    assert cal.editions and cal.school_holidays
    for edition in cal.editions:
        assert cal.sources[edition.source].url.startswith("https://")
    years = {e.start.year for e in cal.editions}
    assert years >= {2025, 2026, 2027, 2028}


def test_unstaffed_items_are_reported_not_forced() -> None:
    cal = build_calendar(_input(members=(Member("Solo", 3, ("photo",)),), weeks=2))
    assert cal.unstaffed
    assert not [s for s in cal.slots if s.format in ("reel", "live")]


def test_bad_input_is_a_clear_error() -> None:
    with pytest.raises(InputError):
        build_calendar(_input(weeks=0))
    with pytest.raises(InputError):
        build_calendar(_input(members=(Member("X", -1),)))


def test_ics_is_read_back_by_an_independent_parser(tmp_path: Path) -> None:
    import ics

    cal = build_calendar(_input(), generated_at=datetime(2026, 4, 1, 9, 0, tzinfo=PARIS))
    path = tmp_path / "calendrier.ics"
    write_ics(cal, path)
    text = path.read_text(encoding="utf-8")
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Paris" in text and "DTSTAMP:" in text
    parsed = ics.Calendar(text)
    events = {e.uid: e for e in parsed.events}
    assert len(events) == len(cal.slots) + len(cal.moments)
    for slot in cal.slots:
        event = events[slot.uid]
        assert event.name == slot.title
        assert event.begin.datetime == slot.start
        assert event.end.datetime == slot.end
    assert to_ics(cal) == to_ics(cal)                              # stable: same UIDs, same stamp


def test_xlsx_has_one_sheet_per_month(tmp_path: Path) -> None:
    cal = build_calendar(_input(weeks=6))
    path = tmp_path / "calendrier.xlsx"
    write_xlsx(cal, path)
    book = load_workbook(path)
    assert book.sheetnames == ["mai 2026", "juin 2026"]
    rows = sum(1 for name in book.sheetnames for r in book[name].iter_rows(values_only=True)
               if isinstance(r[0], datetime) and r[4] != "Temps fort")
    assert rows == len(cal.slots)
    for name in book.sheetnames:
        for row in book[name].iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value.startswith(("=", "+", "-", "@")))


def test_xlsx_opens_in_libreoffice(tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (optional)")
    cal = build_calendar(_input(weeks=2))
    write_xlsx(cal, tmp_path / "c.xlsx")
    subprocess.run([office, "--headless", "--convert-to", "csv", "--outdir", str(tmp_path),
                    str(tmp_path / "c.xlsx")], check=True, capture_output=True, timeout=180)
    assert (tmp_path / "c.csv").stat().st_size > 0


def test_html_is_printable_and_escaped(tmp_path: Path) -> None:
    cal = build_calendar(_input())
    path = tmp_path / "calendrier.html"
    write_html(cal, path)
    html = path.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert "Semaine du 4 mai 2026" in html
    assert "@page" in html


def test_week_starts_on_monday() -> None:
    cal = build_calendar(_input(start=date(2026, 5, 6), weeks=1))
    assert cal.start == date(2026, 5, 4)
    assert all(cal.start <= s.start.date() <= cal.start + timedelta(days=6) for s in cal.slots)


def test_an_announcement_no_one_can_make_says_so() -> None:
    reel = PlannedFormat("instagram", "reel", 1, 3.0, ("video_editing",))
    only_reels = (PlannedNetwork("instagram", (reel,)),)
    nobody_films = (Member("Sam", 8, ("photo",)),)
    cal = build_calendar(_input(start=date(2026, 5, 18), weeks=2, networks=only_reels, members=nobody_films))
    assert any("Vernissage" in line and "annoncer" in line for line in cal.unstaffed)


def test_line_breaks_in_names_cannot_break_or_inject_into_the_ics() -> None:
    """A CR/LF in the institution, a member or an event (typed in a profile) stays one line."""
    import ics

    members = (Member("Camille\r\nATTENDEE:mailto:evil@example.org", 9, ("video_editing", "writing", "photo",
                                                                       "live_streaming")),)
    cal = build_calendar(_input(institution="Musée\r\nX-INJECTED:1", members=members,
                                events=(InstitutionEvent("Vernissage\nBEGIN:VEVENT", date(2026, 5, 28)),)),
                         generated_at=datetime(2026, 4, 1, 9, 0, tzinfo=PARIS))
    text = to_ics(cal).decode("utf-8")
    lines = text.replace("\r\n ", "").split("\r\n")                    # unfold RFC 5545 lines
    assert not any(line.startswith(("X-INJECTED", "ATTENDEE", "BEGIN:VEVENT\u0020")) for line in lines)
    assert sum(line == "BEGIN:VEVENT" for line in lines) == len(cal.slots) + len(cal.moments)
    assert len(ics.Calendar(text).events) == len(cal.slots) + len(cal.moments)
