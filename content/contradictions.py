"""Texts that contradict the structured fields they sit beside: a check of ``maatje content check``.

A fact belongs in one field (``price``, ``start``, ``end``, ``medical_form.deadline``) and
texts say it through a placeholder (:mod:`content.derived`). What an editor still types
can go stale the day the field changes, so the check reads every text in every language,
as Maatje will show it (placeholders filled), and reports:

- a sentence that calls the camp free while its price is above 0, or an activity's text
  that says free while the activity costs something;
- a weekday typed beside a date it does not fall on ("vrijdag 19 juni" in a year where
  19 June is a Saturday);
- a date in a camp text, or an activity's text, that is not one of its structured dates.

The words are found with Babel's month and weekday names and the short lists below: the
check catches the usual ways of writing, not every one (a Russian weekday after "до" is in
another case than Babel's and is not seen).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel.dates import get_day_names, get_month_names

from content.activities import Activity
from content.bidi import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE
from content.dates import WEEKDAY_NAMES, babel_locale, format_amount
from content.derived import COST_KEYS
from content.loader import (
    ACTIVITIES_FILE,
    ANSWERS_FILE,
    CAMP_FILE,
    DETAILS_FILE,
    UI_FILE,
    Content,
    authored_texts,
)
from content.schema import Text
from intents.types import CONTENT_LANGUAGES

#: Words that say "costs nothing", per language (stems: a word that starts with one counts).
FREE_WORDS: dict[str, tuple[str, ...]] = {
    "nl": ("gratis", "kost niets", "kost niks"),
    "en": ("free", "costs nothing"),
    "fr": ("gratuit", "gratis", "ne coûte rien"),
    "ar": ("مجان", "مجّان"),
    "uk": ("безкоштовн", "безплатн"),
    "ru": ("бесплатн",),
    "fa": ("رایگان", "مجانی"),
    "ps": ("وړیا",),
    "ti": ("ብነጻ",),
    "so": ("bilaash", "lacag la'aan"),
    "tr": ("ücretsiz", "bedava"),
    "es": ("gratis", "gratuit"),
}
#: Words for the camp, per language: a sentence with one and a free word says the camp is free.
CAMP_WORDS: dict[str, tuple[str, ...]] = {
    "nl": ("kamp",),
    "en": ("camp",),
    "fr": ("camp",),
    "ar": ("مخيم", "مخيّم"),
    "uk": ("табір", "табор"),
    "ru": ("лагер",),
    "fa": ("کمپ",),
    "ps": ("کمپ",),
    "ti": ("ካምፕ",),
    "so": ("kaam",),
    "tr": ("kamp",),
    "es": ("campament",),
}
#: Where a sentence ends, in the scripts of the content languages.
_SENTENCE_END = re.compile(r"[.!?؟።\n]+")
#: Answers about the camp: their dates are the camp's.
CAMP_ANSWERS = ("camp_info", "camp_packing", "camp_medical_form")


@dataclass(frozen=True)
class DateMention:
    """A day and month written in a text, with the weekday typed beside it (if any)."""

    day: int
    month: int
    weekday: int | None
    written: str


def contradiction_problems(content: Content) -> list[str]:
    """Every text that says something else than a structured field (see the module)."""
    problems = list(_free_problems(content))
    camp_days = _camp_days(content)
    years = sorted({day.year for day in camp_days}) or [date.today().year]
    for file, key, text in authored_texts(content):
        activity = _activity_of(content, file, key)
        allowed = (_activity_days(activity) if activity is not None
                   else camp_days if _about_camp(content, file, key) else None)
        own_years = sorted({day.year for day in allowed}) if allowed else years
        for lang, written in _languages(text):
            for mention in date_mentions(written, lang):
                problems.extend(f"{file}: {key}: {lang}: {message}"
                                for message in _date_messages(mention, own_years, allowed))
    return problems


def _free_problems(content: Content) -> Iterator[str]:
    camp = content.camp
    if camp is not None and camp.price > 0:
        price = format_amount(camp.price, "nl")
        for file, key, text in authored_texts(content):
            if file == UI_FILE and key in COST_KEYS:
                continue
            for lang, written in _languages(text):
                if any(_has(sentence, FREE_WORDS, lang) and _has(sentence, CAMP_WORDS, lang)
                       for sentence in _SENTENCE_END.split(written)):
                    yield (f"{file}: {key}: {lang}: says the camp is free, but camp.yaml has "
                           f"price {price}: use {{camp_cost}}")
    for activity in content.activities:
        if activity.imported or not activity.price:
            continue
        for name, text in activity.texts():
            for lang, written in _languages(text):
                if _has(written, FREE_WORDS, lang):
                    yield (f"{ACTIVITIES_FILE}: {activity.id}.{name}: {lang}: says free, but "
                           f"the activity has price {format_amount(activity.price, 'nl')}")


def _date_messages(mention: DateMention, years: list[int],
                   allowed: frozenset[date] | None) -> Iterator[str]:
    candidates = [day for year in years if (day := _day(year, mention)) is not None]
    if not candidates:
        yield f"«{mention.written}» is not a date"
        return
    if mention.weekday is not None and all(day.weekday() != mention.weekday for day in candidates):
        yield (f"«{mention.written}»: the weekday does not fit the date "
               f"({', '.join(day.isoformat() for day in candidates)})")
    if allowed is not None and not any(day in allowed for day in candidates):
        dates = ", ".join(day.isoformat() for day in sorted(allowed))
        yield (f"«{mention.written}» is not a date of the structured fields ({dates}): "
               "use a placeholder such as {camp_deadline}")


def date_mentions(text: str, lang: str) -> list[DateMention]:
    """The dates ("vrijdag 18 juni", "18 июня (пятница)", "الجمعة، 18 يونيو") in ``text``."""
    plain = text.replace(FIRST_STRONG_ISOLATE, "").replace(POP_DIRECTIONAL_ISOLATE, "")
    months, weekdays = _month_pattern(lang), _weekday_pattern(lang)
    found = []
    for match in months.finditer(plain):
        day = int(match.group("day") or match.group("day2"))
        month = _month_number(lang, match.group("month") or match.group("month2"))
        before = weekdays["before"].search(plain, 0, match.start())
        after = weekdays["after"].match(plain, match.end())
        named = before or after
        weekday = _weekday_number(lang, named.group("weekday")) if named else None
        start = before.start() if before else match.start()
        end = after.end() if after else match.end()
        found.append(DateMention(day, month, weekday, plain[start:end].strip()))
    return found


@cache
def _month_names(lang: str) -> dict[str, int]:
    return _names(get_month_names, lang)


@cache
def _weekday_names(lang: str) -> dict[str, int]:
    """Babel's weekday names, and the ones :mod:`content.dates` writes where Babel's are
    wrong (Pashto): the check reads the dates as the texts print them."""
    names = _names(get_day_names, lang)
    for number, name in enumerate(WEEKDAY_NAMES.get(lang, ())):
        names[name.lower()] = number
    return names


def _names(getter: Callable[..., Mapping[int, str]], lang: str) -> dict[str, int]:
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for number, name in getter("wide", context, babel_locale(lang)).items():
            names[str(name).lower()] = int(number)
    return names


def _alternatives(names: Iterable[str]) -> str:
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


@cache
def _month_pattern(lang: str) -> re.Pattern[str]:
    months = _alternatives(_month_names(lang))
    return re.compile(
        rf"(?<!\w)(?:(?P<day>\d{{1,2}})\.?\s*(?:de\s+)?(?P<month>{months})"
        rf"|(?P<month2>{months})\s+(?P<day2>\d{{1,2}}))(?!\w)", re.IGNORECASE)


@cache
def _weekday_pattern(lang: str) -> dict[str, re.Pattern[str]]:
    days = _alternatives(_weekday_names(lang))
    return {
        "before": re.compile(rf"(?<!\w)(?P<weekday>{days})(?:\s*[,،፣]?\s*(?:the|le|el)?\s*)$",
                             re.IGNORECASE),
        "after": re.compile(rf"\s*[,،፣(]?\s*(?P<weekday>{days})(?!\w)", re.IGNORECASE),
    }


def _month_number(lang: str, name: str) -> int:
    return _month_names(lang)[name.lower()]


def _weekday_number(lang: str, name: str) -> int:
    return _weekday_names(lang)[name.lower()]


def _day(year: int, mention: DateMention) -> date | None:
    try:
        return date(year, mention.month, mention.day)
    except ValueError:
        return None


def _camp_days(content: Content) -> frozenset[date]:
    camp = content.camp
    if camp is None:
        return frozenset()
    return frozenset({camp.start.date(), camp.end.date(), camp.medical_form.deadline})


def _activity_days(activity: Activity) -> frozenset[date]:
    days = {activity.start.date()}
    if activity.end is not None:
        days.add(activity.end.date())
    return frozenset(days)


def _activity_of(content: Content, file: str, key: str) -> Activity | None:
    if file != ACTIVITIES_FILE:
        return None
    return next((found for found in content.activities if key.startswith(f"{found.id}.")), None)


def _about_camp(content: Content, file: str, key: str) -> bool:
    """camp.yaml, the camp answers, and the short answers (details.yaml) inside them."""
    if file == DETAILS_FILE:
        return any(f"details.{detail.id}.text" == key and set(detail.intents) & set(CAMP_ANSWERS)
                   for detail in content.details.details)
    return file == CAMP_FILE or (file == ANSWERS_FILE and key.split(".")[0] in CAMP_ANSWERS)


def _languages(text: Text) -> Iterator[tuple[str, str]]:
    for lang in CONTENT_LANGUAGES:
        if text.has(lang):
            yield lang, text.get(lang)


def _has(text: str, words: dict[str, tuple[str, ...]], lang: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in words.get(lang, ()))
