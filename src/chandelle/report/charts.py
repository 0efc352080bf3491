"""Small inline-SVG charts for the report, readable in print and in grayscale.

Every series is told apart by a pattern (solid, hatching, dots, cross-hatching) and by a
written label, never by colour alone. Text is XML-escaped here because the markup is
inserted into the page as is. Charts take plain numbers and already-translated labels; they
know nothing of the store.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from itertools import count

_WIDTH = 640
_FONT = "font-family=\"DejaVu Sans, Liberation Sans, sans-serif\""
_INK = "#222"
_ids = count(1)

# (fill colour, pattern kind): colours are distinct in grayscale lightness as well.
_STYLES: tuple[tuple[str, str], ...] = (
    ("#1f3b57", "solid"), ("#5b7fa3", "hatch"), ("#a8bfd6", "dots"),
    ("#444444", "cross"), ("#dddddd", "solid"), ("#7a5230", "hatch-back"),
)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float


def _text(x: float, y: float, content: str, *, size: float = 11, anchor: str = "start",
          weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" {_FONT} font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{weight}" fill="{_INK}">{escape(content)}</text>')


def _pattern_defs(prefix: str) -> str:
    """One <pattern> per style; ids are unique per chart so that several charts can share a page."""
    parts = []
    for index, (colour, kind) in enumerate(_STYLES):
        pid = f"{prefix}-p{index}"
        body = f'<rect width="8" height="8" fill="{colour}"/>'
        if kind == "hatch":
            body = '<rect width="8" height="8" fill="#fff"/>' + \
                f'<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{colour}" stroke-width="2.2"/>'
        elif kind == "hatch-back":
            body = '<rect width="8" height="8" fill="#fff"/>' + \
                f'<path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" stroke="{colour}" stroke-width="2.2"/>'
        elif kind == "dots":
            body = f'<rect width="8" height="8" fill="#fff"/><circle cx="4" cy="4" r="2.2" fill="{colour}"/>'
        elif kind == "cross":
            body = '<rect width="8" height="8" fill="#fff"/>' + \
                f'<path d="M0,4 h8 M4,0 v8" stroke="{colour}" stroke-width="1.6"/>'
        parts.append(f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
                     f'{body}</pattern>')
    parts.append(f'<pattern id="{prefix}-gap" width="6" height="6" patternUnits="userSpaceOnUse">'
                 '<rect width="6" height="6" fill="#fff"/>'
                 '<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke="#555" stroke-width="1.2"/></pattern>')
    return "<defs>" + "".join(parts) + "</defs>"


def _fill(prefix: str, index: int) -> str:
    return f"url(#{prefix}-p{index % len(_STYLES)})"


_TITLE_BAND = 24
Number = Callable[[float], str]


def _plain_number(value: float) -> str:
    return f"{value:g}"


def _plain_percent(share: float) -> str:
    return f"{round(100 * share)} %"


def _open(height: int, title: str, prefix: str) -> str:
    """The chart's frame: its title written on the chart itself (on screen and on paper), then
    the body drawn below it."""
    full = height + _TITLE_BAND
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {_WIDTH} {full}" '
            f'width="{_WIDTH}" height="{full}" role="img" aria-labelledby="{prefix}-title">'
            f'<title id="{prefix}-title">{escape(title)}</title>{_pattern_defs(prefix)}'
            f'{_text(4, 16, title, size=12.5, weight="bold")}<g transform="translate(0 {_TITLE_BAND})">')


def _close() -> str:
    return "</g></svg>"


def _nice_max(value: float) -> float:
    """The smallest 4 x step (step in 1, 2, 2.5, 5 x 10^k) that holds ``value``: four round ticks."""
    if value <= 0:
        return 4.0
    magnitude = 10 ** math.floor(math.log10(value / 4))
    for factor in (1, 2, 2.5, 5, 10):
        if 4 * factor * magnitude >= value:
            return float(4 * factor * magnitude)
    return value


def monthly_items_chart(months: Sequence[Bar], *, title: str, threshold: float | None,
                        threshold_label: str, gap_label: str, y_label: str,
                        partial_last: bool = False, number: Number = _plain_number) -> str:
    """Items per month as vertical bars; months under the minimum viable cadence are hatched
    and marked, and the minimum is a dashed line with its value in the legend. A last month
    still under way (``partial_last``) is never marked as a gap. Give every month, empty ones
    included: a month without items is a visible gap, not a missing bar."""
    prefix = f"c{next(_ids)}"
    height, left, right, top, bottom = 230, 44, 16, 28, 58
    plot_w, plot_h = _WIDTH - left - right, height - top - bottom
    highest = max([b.value for b in months] + [threshold or 0, 1])
    y_max = _nice_max(highest)
    out = [_open(height, title, prefix), _text(left, 16, y_label, size=10)]
    for tick in range(5):
        value = y_max * tick / 4
        y = top + plot_h - plot_h * tick / 4
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{_WIDTH - right}" y2="{y:.1f}" stroke="#ccc" '
                   'stroke-width="0.6"/>')
        out.append(_text(left - 6, y + 4, number(value), size=9, anchor="end"))
    slot = plot_w / max(len(months), 1)
    bar_w = max(slot * 0.7, 1.0)
    for index, bar in enumerate(months):
        x = left + index * slot + (slot - bar_w) / 2
        h = plot_h * bar.value / y_max
        below = threshold is not None and bar.value < threshold
        below = below and not (partial_last and index == len(months) - 1)
        fill = f"url(#{prefix}-gap)" if below else _fill(prefix, 0)
        if bar.value > 0:
            out.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                       f'fill="{fill}" stroke="{_INK}" stroke-width="0.6"/>')
        if below:
            out.append(_text(x + bar_w / 2, top + plot_h + 10, "▲", size=7, anchor="middle"))
        if len(months) <= 24 or index % 2 == 0:
            cx, cy = x + bar_w / 2, top + plot_h + 20
            out.append(f'<text x="{cx:.1f}" y="{cy:.1f}" {_FONT} font-size="8.5" text-anchor="end" '
                       f'transform="rotate(-45 {cx:.1f} {cy:.1f})" fill="{_INK}">{escape(bar.label)}</text>')
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{_WIDTH - right}" y2="{top + plot_h}" '
               f'stroke="{_INK}" stroke-width="1"/>')
    if threshold is not None and threshold > 0:
        y = top + plot_h - plot_h * threshold / y_max
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{_WIDTH - right}" y2="{y:.1f}" stroke="{_INK}" '
                   'stroke-width="1.4" stroke-dasharray="6 3"/>')
        out.append(f'<line x1="190" y1="12" x2="220" y2="12" stroke="{_INK}" stroke-width="1.4" '
                   'stroke-dasharray="6 3"/>')
        out.append(_text(226, 16, threshold_label, size=9.5, weight="bold"))
    legend_y = 16
    out.append(f'<rect x="{_WIDTH - 170}" y="{legend_y - 9}" width="12" height="10" '
               f'fill="url(#{prefix}-gap)" stroke="{_INK}" stroke-width="0.6"/>')
    out.append(_text(_WIDTH - 154, legend_y, f"▲ {gap_label}", size=9.5))
    out.append(_close())
    return "".join(out)


def format_mix_chart(parts: Sequence[Bar], *, title: str, empty_label: str,
                     number: Number = _plain_number, percent: Number = _plain_percent) -> str:
    """One 100 % horizontal bar split by format, each share with its own pattern, and a legend
    that writes the share in words (so the chart reads without colour)."""
    prefix = f"c{next(_ids)}"
    total = sum(p.value for p in parts)
    rows = (len(parts) + 1) // 2
    height = 56 + rows * 20
    out = [_open(height, title, prefix)]
    if total <= 0:
        out.append(_text(10, 30, empty_label, size=11))
        out.append(_close())
        return "".join(out)
    x, left, width = 10.0, 10.0, _WIDTH - 20.0
    for index, part in enumerate(parts):
        w = width * part.value / total
        out.append(f'<rect x="{x:.1f}" y="8" width="{w:.1f}" height="26" fill="{_fill(prefix, index)}" '
                   f'stroke="{_INK}" stroke-width="0.8"/>')
        x += w
    for index, part in enumerate(parts):
        col, row = index % 2, index // 2
        lx, ly = left + col * (_WIDTH / 2), 54 + row * 20
        share = percent(round(part.value / total, 2))
        out.append(f'<rect x="{lx:.1f}" y="{ly - 10:.1f}" width="14" height="12" '
                   f'fill="{_fill(prefix, index)}" stroke="{_INK}" stroke-width="0.6"/>')
        out.append(_text(lx + 20, ly, f"{part.label} — {share} ({number(part.value)})", size=10))
    out.append(_close())
    return "".join(out)


def hours_chart(rows: Sequence[Bar], *, title: str, capacity: float | None, capacity_label: str,
                unit: str, total_label: str | None, number: Number = "{:.1f}".format) -> str:
    """Horizontal bars by row, their total (unless ``total_label`` is None) and a limit such as
    the team's capacity as a dashed line labelled with its value: over-commitment is visible
    without colour. Also used for any list of values per row (engagement per format)."""
    prefix = f"c{next(_ids)}"
    items = [*rows, Bar(total_label, sum(r.value for r in rows))] if total_label is not None else list(rows)
    label_w, right, top, bar_h, gap = 170, 60, 26, 16, 7
    height = top + len(items) * (bar_h + gap) + 26
    plot_w = _WIDTH - label_w - right
    x_max = _nice_max(max([r.value for r in items] + [capacity or 0, 1]))
    out = [_open(height, title, prefix)]
    for index, row in enumerate(items):
        y = top + index * (bar_h + gap)
        is_total = total_label is not None and index == len(items) - 1
        w = plot_w * row.value / x_max
        fill = _fill(prefix, 3 if is_total else 1)
        out.append(_text(label_w - 6, y + bar_h - 4, row.label, size=10, anchor="end",
                         weight="bold" if is_total else "normal"))
        out.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{fill}" '
                   f'stroke="{_INK}" stroke-width="0.6"/>')
        out.append(_text(label_w + w + 4, y + bar_h - 4, f"{number(row.value)} {unit}", size=9.5))
    axis_y = top + len(items) * (bar_h + gap)
    out.append(f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + plot_w}" y2="{axis_y}" stroke="{_INK}"/>')
    for tick in range(5):
        value = x_max * tick / 4
        x = label_w + plot_w * tick / 4
        out.append(_text(x, axis_y + 13, number(value), size=9, anchor="middle"))
    if capacity is not None:
        x = label_w + plot_w * capacity / x_max
        out.append(f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{axis_y}" stroke="{_INK}" '
                   'stroke-width="1.6" stroke-dasharray="6 3"/>')
        out.append(_text(x, top - 12, capacity_label, size=9.5, anchor="middle", weight="bold"))
    out.append(_close())
    return "".join(out)


@dataclass(frozen=True)
class MonthValue:
    """One month of a series: its value (None when nothing was measured) and what it rests on."""

    label: str
    value: float | None
    count: int


def monthly_values_chart(months: Sequence[MonthValue], *, title: str, y_label: str, count_label: str,
                         missing_label: str, number: Number = _plain_number,
                         count_number: Number = _plain_number) -> str:
    """A value per month as solid bars with the number of items behind each bar written above it;
    a month without a value is a visible gap: an empty dotted slot marked « – », never a zero bar.
    Give every month of the window."""
    prefix = f"c{next(_ids)}"
    height, left, right, top, bottom = 230, 44, 16, 30, 58
    plot_w, plot_h = _WIDTH - left - right, height - top - bottom
    y_max = _nice_max(max([m.value for m in months if m.value is not None] + [1]))
    out = [_open(height, title, prefix), _text(left, 14, y_label, size=10)]
    for tick in range(5):
        y = top + plot_h - plot_h * tick / 4
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{_WIDTH - right}" y2="{y:.1f}" stroke="#ccc" '
                   'stroke-width="0.6"/>')
        out.append(_text(left - 6, y + 4, number(y_max * tick / 4), size=9, anchor="end"))
    slot = plot_w / max(len(months), 1)
    bar_w = max(slot * 0.7, 1.0)
    for index, month in enumerate(months):
        x = left + index * slot + (slot - bar_w) / 2
        if month.value is None:
            out.append(f'<rect x="{x:.1f}" y="{top}" width="{bar_w:.1f}" height="{plot_h}" fill="none" '
                       f'stroke="#999" stroke-width="0.6" stroke-dasharray="2 2" class="gap"/>')
            out.append(_text(x + bar_w / 2, top + plot_h - 4, "–", size=9, anchor="middle"))
        else:
            h = plot_h * month.value / y_max
            out.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                       f'fill="{_fill(prefix, 0)}" stroke="{_INK}" stroke-width="0.6"/>')
            out.append(_text(x + bar_w / 2, top + plot_h - h - 3, count_number(month.count), size=7.5,
                             anchor="middle"))
        cx, cy = x + bar_w / 2, top + plot_h + 12
        out.append(f'<text x="{cx:.1f}" y="{cy:.1f}" {_FONT} font-size="8.5" text-anchor="end" '
                   f'transform="rotate(-45 {cx:.1f} {cy:.1f})" fill="{_INK}">{escape(month.label)}</text>')
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{_WIDTH - right}" y2="{top + plot_h}" '
               f'stroke="{_INK}" stroke-width="1"/>')
    out.append(_text(_WIDTH - right, 14, f"{count_label} · – {missing_label}", size=9.5, anchor="end"))
    out.append(_close())
    return "".join(out)
