"""Dates read as a native writes them, also after a preposition ("до 18 июня")."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from babel.dates import get_day_names

from bot.features.common import ui
from content.dates import babel_locale, format_clock, format_day
from content.loader import Content, load_content
from content.schema import placeholders
from content.when import DaySpan, resolve_days

FRIDAY, SATURDAY, SUNDAY = date(2027, 6, 18), date(2027, 6, 19), date(2027, 6, 20)
#: Placeholders Maatje fills with a day (alone or with its time).
DATE_SLOTS = frozenset({"date", "day", "first", "last", "start", "end"})
#: Prepositions after which Russian and Ukrainian need a case the weekday's name lacks.
PREPOSITIONS = {
    "ru": ("до", "с", "по", "в", "во", "на", "от", "к", "после", "перед"),
    "uk": ("до", "з", "із", "зі", "по", "в", "у", "на", "від", "після", "перед"),
}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def test_the_russian_deadline_follows_its_preposition(content: Content) -> None:
    assert content.camp is not None
    form = content.camp.medical_form
    assert format_day(form.deadline, "ru") == "18 июня (пятница)"
    assert form.deadline_sentence("ru") == "Сдай анкету до 18 июня (пятница)."
    assert form.deadline_sentence("uk") == "Віддай анкету до 18 червня (пʼятниця)."


def test_a_span_of_days_reads_well_in_russian_and_ukrainian(content: Content) -> None:
    first, last = format_day(FRIDAY, "ru"), format_day(SUNDAY, "ru")
    assert ui(content, "activities.in_span", "ru", first=first, last=last) == (
        "📅 Вот что есть с 18 июня (пятница) по 20 июня (воскресенье):")
    first, last = format_day(FRIDAY, "uk"), format_day(SUNDAY, "uk")
    assert ui(content, "activities.none_in_span", "uk", first=first, last=last).startswith(
        "📅 З 18 червня (пʼятниця) до 20 червня (неділя) заходів немає.")


def test_other_languages_keep_their_own_order() -> None:
    assert format_day(FRIDAY, "nl") == "vrijdag 18 juni"
    assert format_day(FRIDAY, "fr") == "vendredi 18 juin"
    assert format_day(FRIDAY, "es") == "viernes 18 de junio"
    assert format_day(FRIDAY, "tr") == "18 Haziran Cuma"
    assert "," not in format_day(FRIDAY, "ps")


def test_pashto_dates_name_the_afghan_weekdays() -> None:
    """Babel's Pashto Saturday is "اونۍ" ("week"); Afghan readers write these seven."""
    week = [format_day(FRIDAY + timedelta(days=offset), "ps") for offset in range(7)]
    assert week == ["جمعه 18 جون", "شنبه 19 جون", "یکشنبه 20 جون", "دوشنبه 21 جون",
                    "سه\u200cشنبه 22 جون", "چهارشنبه 23 جون", "پنجشنبه 24 جون"]


def test_a_pashto_week_typed_is_not_a_saturday() -> None:
    thursday = date(2027, 6, 17)
    assert resolve_days(["په دې اونۍ څه شته؟"], thursday) != DaySpan(SATURDAY, SATURDAY)
    assert resolve_days(["شنبه"], thursday) == DaySpan(SATURDAY, SATURDAY)
    assert resolve_days(["سه‌شنبه"], thursday) == DaySpan(date(2027, 6, 22), date(2027, 6, 22))


def test_belgian_french_writes_hours_with_h() -> None:
    assert format_clock(time(9, 0), "fr") == "9 h"
    assert format_clock(datetime(2027, 6, 18, 14, 30), "fr") == "14 h 30"
    assert format_clock(time(14, 0), "nl") == "14.00"


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_no_weekday_name_follows_a_preposition(content: Content, lang: str) -> None:
    """Every text with a date, rendered: no "до пятница" anywhere."""
    weekdays = "|".join(get_day_names("wide", locale=babel_locale(lang)).values())
    prepositions = "|".join(PREPOSITIONS[lang])
    wrong = re.compile(rf"(?<!\w)(?:{prepositions})\s+(?:{weekdays})", re.IGNORECASE)
    day = format_day(FRIDAY, lang)
    found = []
    templates = [(key, text.get(lang)) for key, text in content.ui.items()]
    assert content.camp is not None
    templates.append(("deadline_text", content.camp.medical_form.deadline_text.get(lang)))
    for key, template in templates:
        slots = {name for name in placeholders(template) if name in DATE_SLOTS}
        if slots:
            rendered = template
            for name in slots:
                rendered = rendered.replace("{" + name + "}", day)
            if wrong.search(rendered):
                found.append(f"{key}: {rendered}")
    assert not found
