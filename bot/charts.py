"""The weekly chart for staff, drawn with Pillow: bars per week, then the busiest topics.

Counts only. The labels come in from the caller (content), so this module holds no text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 900, 640
MARGIN = 40
COLOURS = ("#2b6cb0", "#dd6b20", "#38a169", "#c53030")
INK = "#1a202c"
GRID = "#e2e8f0"


@dataclass(frozen=True)
class Series:
    """One kind of count, one value per week."""

    label: str
    values: Sequence[int]


def weekly_chart(
    title: str, weeks: Sequence[str], series: Sequence[Series], topics_title: str,
    topics: Sequence[tuple[str, int]],
) -> bytes:
    """A PNG: grouped bars per week (top half), horizontal bars per topic (bottom half)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=15)
    small = ImageFont.load_default(size=12)
    draw.text((MARGIN, 12), title, fill=INK, font=ImageFont.load_default(size=20))
    _weekly_bars(draw, font, small, weeks, series, top=60, bottom=330)
    draw.text((MARGIN, 372), topics_title, fill=INK, font=font)
    _topic_bars(draw, small, topics, top=400, bottom=HEIGHT - 20)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _weekly_bars(
    draw: ImageDraw.ImageDraw, font: ImageFont.ImageFont | ImageFont.FreeTypeFont,
    small: ImageFont.ImageFont | ImageFont.FreeTypeFont, weeks: Sequence[str],
    series: Sequence[Series], top: int, bottom: int,
) -> None:
    highest = max([1, *(v for s in series for v in s.values)])
    left, right = MARGIN + 30, WIDTH - MARGIN
    slot = (right - left) / max(1, len(weeks))
    bar = slot * 0.8 / max(1, len(series))
    for step in range(5):
        y = bottom - (bottom - top) * step / 4
        draw.line((left, y, right, y), fill=GRID)
        draw.text((MARGIN - 10, y - 7), str(round(highest * step / 4)), fill=INK, font=small)
    for week_index, week in enumerate(weeks):
        x0 = left + slot * week_index + slot * 0.1
        for series_index, one in enumerate(series):
            value = one.values[week_index] if week_index < len(one.values) else 0
            height = (bottom - top) * value / highest
            x = x0 + bar * series_index
            draw.rectangle((x, bottom - height, x + bar - 2, bottom),
                           fill=COLOURS[series_index % len(COLOURS)])
            if value:
                draw.text((x, bottom - height - 14), str(value), fill=INK, font=small)
        draw.text((x0, bottom + 6), week, fill=INK, font=small)
    for index, one in enumerate(series):
        x = left + index * 190
        draw.rectangle((x, bottom + 26, x + 12, bottom + 38), fill=COLOURS[index % len(COLOURS)])
        draw.text((x + 18, bottom + 24), one.label, fill=INK, font=font)


def _topic_bars(
    draw: ImageDraw.ImageDraw, font: ImageFont.ImageFont | ImageFont.FreeTypeFont,
    topics: Sequence[tuple[str, int]], top: int, bottom: int,
) -> None:
    if not topics:
        return
    highest = max(count for _, count in topics) or 1
    row = (bottom - top) / len(topics)
    left, right = MARGIN + 170, WIDTH - MARGIN - 40
    for index, (topic, count) in enumerate(topics):
        y = top + row * index
        draw.text((MARGIN, y + 2), topic, fill=INK, font=font)
        width = (right - left) * count / highest
        draw.rectangle((left, y + 2, left + width, y + row - 4), fill=COLOURS[0])
        draw.text((left + width + 6, y + 2), str(count), fill=INK, font=font)
