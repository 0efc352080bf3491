"""The inline SVG charts: well-formed, escaped, and readable without colour."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from chandelle.report import charts

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_monthly_chart_marks_months_below_the_minimum() -> None:
    months = [charts.Bar(f"m{i}", v) for i, v in enumerate([5, 1, 0, 6])]
    svg = charts.monthly_items_chart(months, title="t", threshold=4.0, threshold_label="minimum 4",
                                     gap_label="below", y_label="items")
    root = _parse(svg)
    gap_fill = [r for r in root.iter(f"{SVG}rect") if "-gap)" in (r.get("fill") or "")]
    # one bar below (value 1) plus the legend swatch; the empty month has no bar but a marker
    assert len(gap_fill) == 2
    markers = [t for t in root.iter(f"{SVG}text") if t.text == "▲"]
    assert len(markers) == 2
    assert any(line.get("stroke-dasharray") for line in root.iter(f"{SVG}line"))
    assert "minimum 4" in svg


def test_partial_last_month_is_not_a_gap() -> None:
    months = [charts.Bar("a", 5), charts.Bar("b", 1)]
    svg = charts.monthly_items_chart(months, title="t", threshold=4.0, threshold_label="m", gap_label="g",
                                     y_label="y", partial_last=True)
    assert [t for t in _parse(svg).iter(f"{SVG}text") if t.text == "▲"] == []


def test_format_mix_uses_patterns_and_writes_shares() -> None:
    svg = charts.format_mix_chart([charts.Bar("Photo", 3), charts.Bar("Reel", 1)], title="t", empty_label="e")
    root = _parse(svg)
    assert len(list(root.iter(f"{SVG}pattern"))) >= 4
    assert "Photo — 75 % (3)" in svg and "Reel — 25 % (1)" in svg
    fills = {r.get("fill") for r in root.iter(f"{SVG}rect") if (r.get("fill") or "").startswith("url(")}
    assert len(fills) >= 2


def test_empty_format_mix_says_so() -> None:
    assert "nothing" in charts.format_mix_chart([], title="t", empty_label="nothing")


def test_hours_chart_draws_capacity_and_total() -> None:
    svg = charts.hours_chart([charts.Bar("Instagram", 5.5), charts.Bar("X", 1.0)], title="t", capacity=6.0,
                             capacity_label="capacity 6 h", unit="h", total_label="Total")
    assert "capacity 6 h" in svg and "6.5 h" in svg
    _parse(svg)


def test_labels_are_escaped() -> None:
    hostile = '<script>alert(1)</script>'
    svg = charts.hours_chart([charts.Bar(hostile, 1.0)], title=hostile, capacity=None, capacity_label="",
                             unit="h", total_label="T")
    assert "<script>" not in svg
    root = _parse(svg)
    assert any(t.text == hostile for t in root.iter(f"{SVG}text"))


def test_nice_axis_holds_the_value() -> None:
    for value in (0.3, 1, 4, 4.1, 7.5, 13, 99, 101, 2500):
        top = charts._nice_max(value)
        assert top >= value
        assert top <= max(4.0, value * 2.6)
