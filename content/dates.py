"""Dates, times and prices written the way a reader of each language expects them.

Babel knows every language's month and weekday names; this module only picks the
pattern (no year: activities are weeks away, not years) and the Babel locale that fits
readers in Brussels. The words around a date ("om … uur") live in ``ui.yaml``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache

from babel.dates import format_date, format_skeleton, format_time, get_date_format
from babel.numbers import format_decimal

#: The Babel locale for each content language: Belgian Dutch and French, Dari for ``fa``.
BABEL_LOCALES: dict[str, str] = {
    "nl": "nl_BE",
    "fr": "fr_BE",
    "en": "en_GB",
    "fa": "fa_AF",
}
#: Day patterns where Babel's own does not fit the texts around a date. Russian and
#: Ukrainian put a date after prepositions ("до", "с … по", "з … до") that need the
#: weekday in another case; "18 июня (пятница)" needs no case: the month is already
#: genitive and the weekday stands apart. Pashto without Babel's Latin comma inside the
#: date; Spanish without the comma, as in "el viernes 18 de junio".
DAY_PATTERNS: dict[str, str] = {
    "ru": "d MMMM (EEEE)",
    "uk": "d MMMM (EEEE)",
    "ps": "EEEE d MMMM",
    "es": "EEEE d 'de' MMMM",
}
#: Weekday names (Monday first) where Babel's are wrong: its Pashto Saturday is "اونۍ"
#: ("week"), and Afghan readers write سه‌شنبه and پنجشنبه as one word, as Dari does.
WEEKDAY_NAMES: dict[str, tuple[str, ...]] = {
    "ps": ("دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"),
}
#: Dutch writes times as "14.00 uur"; Babel's Dutch default is "14:00".
TIME_PATTERNS: dict[str, str] = {"nl": "H.mm"}
#: French in Belgium writes "9 h" and "14 h 30", not "09:00": the pattern for a full hour.
HOUR_PATTERNS: dict[str, tuple[str, str]] = {"fr": ("H 'h'", "H 'h' mm")}

_YEAR = re.compile(r"[\s,،፣]*(?:'de'\s*)?y+(?:\u202f'[^']*'\.)?")


def babel_locale(lang: str) -> str:
    """The Babel locale that writes dates for readers of ``lang``."""
    return BABEL_LOCALES.get(lang, lang)


@cache
def day_pattern(lang: str) -> str:
    """The locale's full date pattern without the year: "EEEE d MMMM" in Dutch."""
    if lang in DAY_PATTERNS:
        return DAY_PATTERNS[lang]
    pattern = str(get_date_format("full", locale=babel_locale(lang)).pattern)
    return _YEAR.sub("", pattern).strip(" ,")


def format_day(day: date, lang: str) -> str:
    """"zaterdag 14 december" in Dutch, "samedi 14 décembre" in French."""
    pattern = day_pattern(lang)
    if lang in WEEKDAY_NAMES:
        pattern = pattern.replace("EEEE", f"'{WEEKDAY_NAMES[lang][day.weekday()]}'")
    return str(format_date(day, pattern, locale=babel_locale(lang)))


def format_clock(moment: time | datetime, lang: str) -> str:
    """"14.00" in Dutch, "14 h" in French, "14:00" elsewhere (24-hour clock, as in Belgium)."""
    locale = babel_locale(lang)
    if lang in HOUR_PATTERNS:
        full_hour, with_minutes = HOUR_PATTERNS[lang]
        return str(format_time(moment, full_hour if moment.minute == 0 else with_minutes,
                               locale=locale))
    pattern = TIME_PATTERNS.get(lang)
    if pattern:
        return str(format_time(moment, pattern, locale=locale))
    return str(format_skeleton("Hm", _as_datetime(moment), locale=locale))


def _as_datetime(moment: time | datetime) -> datetime:
    if isinstance(moment, datetime):
        return moment
    return datetime.combine(date(2000, 1, 1), moment)


def format_amount(euros: Decimal, lang: str) -> str:
    """"12" or "2,50" in Dutch: whole euros without decimals, cents with two."""
    digits = "#,##0" if euros == euros.to_integral_value() else "#,##0.00"
    return str(format_decimal(euros, format=digits, locale=babel_locale(lang)))
