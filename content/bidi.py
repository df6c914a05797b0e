"""Keep numbers, times and phone numbers readable inside right-to-left text.

In an Arabic, Persian or Pashto sentence a phone number like "02 123 45 67" or a time
like "14:00 - 16:00" can be shown with its parts reordered. Wrapping such a value in
Unicode directional isolates (FSI … PDI) makes the phone lay it out as one unit.
"""

from __future__ import annotations

from collections.abc import Mapping

RTL_LANGUAGES = frozenset({"ar", "fa", "ps"})
FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def is_rtl(lang: str) -> bool:
    return lang in RTL_LANGUAGES


def isolate(value: str, lang: str) -> str:
    """``value`` wrapped in directional isolates when ``lang`` is written right to left.

    Only values with digits or Latin letters need it (a time, a phone number, a Dutch
    name); Arabic words and emoji already flow the right way.
    """
    if not is_rtl(lang) or value.startswith(FIRST_STRONG_ISOLATE) or not _needs_isolating(value):
        return value
    return f"{FIRST_STRONG_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}"


def _needs_isolating(value: str) -> bool:
    return any(char.isdigit() or ("a" <= char.lower() <= "z") for char in value)


def fill(template: str, values: Mapping[str, object | None], lang: str) -> str:
    """``template`` with its values, each isolated when ``lang`` is right to left.

    A placeholder the template already isolates (``\u2068{name}``) is left as it is.
    """
    if not values:
        return template
    filled = {
        name: value if f"{FIRST_STRONG_ISOLATE}{{{name}}}" in template else isolate(str(value), lang)
        for name, value in values.items()
    }
    return template.format(**filled)
