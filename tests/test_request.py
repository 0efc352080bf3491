"""Requests are validated in the core: the same InputError for the command line and the web app."""

from __future__ import annotations

import math
from datetime import date

import pytest

from chandelle.errors import InputError
from chandelle.request import (
    LATEST_DAY,
    MAX_HOURS_PER_WEEK,
    CalendarRequest,
    PlanRequest,
    day_from,
    next_monday,
    number_from,
)

DAY = date(2026, 11, 24)


@pytest.mark.parametrize("hours", [math.nan, math.inf, -1.0, 1e308, MAX_HOURS_PER_WEEK + 0.5])
def test_impossible_hours_are_refused(hours: float) -> None:
    with pytest.raises(InputError) as caught:
        PlanRequest(DAY, hours=hours)
    assert caught.value.exit_code == 2 and caught.value.params["name"] == "hours"


@pytest.mark.parametrize("hours", [0.0, 12.5, MAX_HOURS_PER_WEEK])
def test_possible_hours_are_kept(hours: float) -> None:
    assert PlanRequest(DAY, hours=hours).hours == hours


def test_an_unknown_network_is_named() -> None:
    with pytest.raises(InputError) as caught:
        PlanRequest(DAY, exclude=("tiktok", "myspace"))
    assert caught.value.params["value"] == "myspace"


def test_exclusions_are_a_sorted_set_so_equal_requests_share_a_cache_key() -> None:
    first = PlanRequest(DAY, exclude=("x", "tiktok", "x"))
    second = PlanRequest(DAY, exclude=("tiktok", "x"))
    assert first == second and hash(first) == hash(second) and first.exclude == ("tiktok", "x")


@pytest.mark.parametrize("day", [date(1999, 12, 31), date(9999, 12, 1)])
def test_far_days_are_refused(day: date) -> None:
    with pytest.raises(InputError):
        PlanRequest(day)


def test_a_calendar_may_not_run_past_the_last_day() -> None:
    CalendarRequest(date(2099, 1, 5), 52)
    with pytest.raises(InputError):
        CalendarRequest(LATEST_DAY, 2)
    for weeks in (0, 261):
        with pytest.raises(InputError):
            CalendarRequest(DAY, weeks)


def test_text_is_parsed_with_a_decimal_comma_and_errors_name_the_field() -> None:
    assert number_from(" 12,5 ", "hours") == 12.5
    with pytest.raises(InputError) as caught:
        number_from("douze", "hours")
    assert caught.value.params == {"name": "hours", "value": "douze"}
    assert day_from("2026-03-31", "as_of") == date(2026, 3, 31)
    with pytest.raises(InputError):
        day_from("9999-12-01", "start")


def test_next_monday_is_strictly_after() -> None:
    assert next_monday(date(2026, 11, 30)) == date(2026, 12, 7)      # a Monday gives the next one
    assert next_monday(date(2026, 12, 6)) == date(2026, 12, 7)


def test_the_command_line_wins_over_a_scenario_and_exclusions_add_up() -> None:
    scenario = PlanRequest.from_mappings(DAY, hours=18.0, exclude=("tiktok",), objectives={"visibility": 2.0})
    merged = scenario.merged(PlanRequest(DAY, hours=10.0, exclude=("x",)))
    assert merged.hours == 10.0 and merged.exclude == ("tiktok", "x")
    assert dict(merged.objectives) == {"visibility": 2.0}
