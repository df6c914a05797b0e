"""A checklist as a picture: big icons, short Dutch words and a box to tick.

For pupils who read little, a picture of the packing list is easier than a text. It is
drawn from the same authored text (one item a line, each starting with its emoji), so it
never says something else than the text. Icons are PNGs in the content folder
(``icons/<codepoints>.png``, drawn once by ``scripts/emoji-icons``); an item whose
icon is missing gets only its box and words; a line without emoji (a tip such as "Laat dure
spullen thuis.") has no box. The letters are DejaVu Sans, cut down to Latin and kept in the
content folder (``fonts/``), so no system font is needed.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont

WIDTH = 820
MARGIN = 32
ROW = 96
ICON = 72
BOX = 44
TEXT_SIZE = 42
TITLE_SIZE = 38
INK = (33, 37, 41)
LINE = (222, 226, 230)
ACCENT = (25, 135, 84)
ICON_DIR = "icons"
FONT = "fonts/DejaVuSans-Latin.ttf"
SMALLEST = 26
#: Joiners and presentation selectors that are part of an emoji but not of its look.
EMOJI_MARKS = {"\ufe0f", "\ufe0e"}


@dataclass(frozen=True)
class Item:
    """One line of the list: its emoji (maybe empty) and its words."""

    emoji: str
    words: str


def leading_emoji(line: str) -> str:
    """The symbols a line starts with (``"🛏️ een slaapzak"`` → ``"🛏️"``)."""
    end = 0
    while end < len(line) and not line[end].isalnum() and not line[end].isspace():
        end += 1
    return line[:end]


def icon_name(emoji: str) -> str:
    """The file name of an emoji's icon: its code points in hex (``"1f6cf"``)."""
    return "-".join(f"{ord(char):x}" for char in emoji if char not in EMOJI_MARKS)


def parse_checklist(text: str) -> tuple[Item, list[Item]]:
    """The title line and the item lines of an authored list."""
    lines = [line.strip() for line in text.splitlines() if line.strip()] or [""]
    items = [Item(leading_emoji(line), line[len(leading_emoji(line)) :].strip()) for line in lines]
    return items[0], items[1:]


def checklist_png(title: Item, items: list[Item], files: Mapping[str, bytes]) -> bytes:
    """The list drawn as a PNG, one row per item (icons and font from ``files``)."""
    from PIL import Image, ImageDraw

    height = MARGIN * 2 + ROW * (len(items) + 1)
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    _row(image, draw, MARGIN, title, files, TITLE_SIZE, box=False)
    draw.line((MARGIN, MARGIN + ROW - 4, WIDTH - MARGIN, MARGIN + ROW - 4), fill=ACCENT, width=4)
    for number, item in enumerate(items, start=1):
        top = MARGIN + ROW * number
        _row(image, draw, top, item, files, TEXT_SIZE, box=bool(item.emoji))
        draw.line((MARGIN, top + ROW - 1, WIDTH - MARGIN, top + ROW - 1), fill=LINE, width=2)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _row(
    image: Image.Image,
    draw: ImageDraw.ImageDraw,
    top: int,
    item: Item,
    files: Mapping[str, bytes],
    size: int,
    *,
    box: bool,
) -> None:
    """Box, icon and words of one row; long words go on two lines rather than shrink."""
    from PIL import Image

    x = MARGIN
    middle = top + ROW // 2
    if box:
        draw.rounded_rectangle(
            (x, middle - BOX // 2, x + BOX, middle + BOX // 2), radius=8, outline=INK, width=4
        )
        x += BOX + 24
    icon = files.get(f"{ICON_DIR}/{icon_name(item.emoji)}.png") if item.emoji else None
    if icon is not None:
        picture = Image.open(io.BytesIO(icon)).convert("RGBA").resize((ICON, ICON))
        image.paste(picture, (x, middle - ICON // 2), picture)
    x += ICON + 24
    text, font = _fit(draw, item.words, WIDTH - MARGIN - x, size, files)
    draw.multiline_text((x, middle), text, font=font, fill=INK, anchor="lm", spacing=4)


def _fit(
    draw: ImageDraw.ImageDraw, words: str, width: int, size: int, files: Mapping[str, bytes]
) -> tuple[str, ImageFont.FreeTypeFont | ImageFont.ImageFont]:
    """The words on one line, else on two, in the biggest size that fits ``width``."""
    while size > SMALLEST:
        font = _font(files, size)
        if draw.textlength(words, font=font) <= width:
            return words, font
        two = _two_lines(words)
        if two and max(draw.textlength(line, font=font) for line in two.split("\n")) <= width:
            return two, font
        size -= 2
    return _two_lines(words) or words, _font(files, SMALLEST)


def _two_lines(words: str) -> str | None:
    """The words cut at the space nearest the middle, or ``None`` for one word."""
    spaces = [i for i, char in enumerate(words) if char == " "]
    if not spaces:
        return None
    cut = min(spaces, key=lambda i: abs(i - len(words) / 2))
    return f"{words[:cut]}\n{words[cut + 1 :]}"


def _font(files: Mapping[str, bytes], size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans from the content folder; Pillow's own font if it is missing."""
    from PIL import ImageFont

    data = files.get(FONT)
    if data is None:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(io.BytesIO(data), size)
