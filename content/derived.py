"""Facts that follow from the camp's structured fields, filled into texts at load time.

An editor types the price, the start, the end and the medical form's deadline once, in
``camp.yaml``. A text that needs one of them says ``{camp_cost}``, ``{camp_start}``,
``{camp_end}``, ``{camp_days}``, ``{camp_nights}`` or ``{camp_deadline}``, and the loader
writes the value in every language (weekday names and months from Babel, as
:mod:`content.dates` writes them). Typing "gratis" or "vrijdag 18 juni" beside the field
would say something else the day the field changes: ``maatje content check`` looks for
that (:mod:`content.contradictions`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

from content.bidi import fill, isolate
from content.camp import Camp
from content.dates import format_amount, format_day
from content.schema import Text, Translation, placeholders
from intents.types import CONTENT_LANGUAGES

#: The placeholders this module fills, and what each one becomes.
DERIVED = {
    "camp_cost": 'a sentence: "Het kamp is gratis." (ui camp.cost.free) or "Het kamp kost '
                 '25 euro." (ui camp.cost.paid), from price',
    "camp_start": 'the first day, "maandag 5 juli", from start',
    "camp_end": 'the last day, "vrijdag 9 juli", from end',
    "camp_days": "how many days, counting the first and the last (5), from start and end",
    "camp_nights": "how many nights away from home (4), from start and end",
    "camp_deadline": 'the medical form\'s deadline, "vrijdag 18 juni", from medical_form.deadline',
}
#: The UI texts ``{camp_cost}`` is made of: one with and one without a price.
COST_KEYS = ("camp.cost.free", "camp.cost.paid")

Values = Mapping[str, str]
T = TypeVar("T")


def camp_values(camp: Camp, ui: Mapping[str, Text], lang: str) -> dict[str, str]:
    """Every derived placeholder's value in ``lang`` (``{camp_cost}`` only when ui has its texts)."""
    days = (camp.end.date() - camp.start.date()).days
    values = {
        "camp_start": isolate(format_day(camp.start.date(), lang), lang),
        "camp_end": isolate(format_day(camp.end.date(), lang), lang),
        "camp_days": str(days + 1),
        "camp_nights": str(days),
        "camp_deadline": isolate(format_day(camp.medical_form.deadline, lang), lang),
    }
    free, paid = (ui.get(key) for key in COST_KEYS)
    if free is not None and paid is not None:
        values["camp_cost"] = (free.get(lang) if camp.price == 0 else
                               fill(paid.get(lang), {"amount": format_amount(camp.price, lang)}, lang))
    return values


def fill_text(text: Text, values: Callable[[str], Values]) -> Text:
    """``text`` with its derived placeholders written out in each language; other
    placeholders (``{date}``, ``{name}``) stay for the code that fills them."""
    if not placeholders_in(text):
        return text
    translations = {lang: Translation(text=_replace(found.text, values(lang)), reviewed=found.reviewed)
                    for lang, found in text.translations.items()}
    return Text(nl=_replace(text.nl, values("nl")), translations=translations,
                promise=text.promise, confirmed=text.confirmed)


def placeholders_in(text: Text) -> set[str]:
    """The derived placeholders a text uses (the same in every language: the schema checks)."""
    return placeholders(text.nl) & DERIVED.keys()


def fill_all(value: T, values: Callable[[str], Values]) -> T:
    """Every :class:`Text` inside ``value`` (a model, a tuple, a dict…) filled."""
    return _fill_any(value, values)  # type: ignore[no-any-return]


def _fill_any(value: Any, values: Callable[[str], Values]) -> Any:
    if isinstance(value, Text):
        return fill_text(value, values)
    if isinstance(value, BaseModel):
        changed = {name: new for name in type(value).model_fields
                   if (new := _fill_any(old := getattr(value, name), values)) is not old}
        return value.model_copy(update=changed) if changed else value
    if isinstance(value, tuple):
        items = tuple(_fill_any(item, values) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, list):
        return [_fill_any(item, values) for item in value]
    if isinstance(value, dict):
        return {key: _fill_any(item, values) for key, item in value.items()}
    return value


def _replace(template: str, values: Values) -> str:
    for name, value in values.items():
        template = template.replace(f"{{{name}}}", value)
    return template


def language_values(camp: Camp, ui: Mapping[str, Text]) -> Callable[[str], Values]:
    """A look-up of :func:`camp_values` per language, each computed once."""
    table = {lang: camp_values(camp, ui, lang) for lang in CONTENT_LANGUAGES}
    return lambda lang: table.get(lang) or table["nl"]
