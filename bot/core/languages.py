"""Which languages a reply is written in.

Dutch always comes first: pupils want to learn it. The person's own language goes under
it when they wrote in it or chose it; a phone set to another language only earns a
"show in my language" button, since a pupil writing Dutch wants Dutch.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.state import UserState
from intents.types import CONTENT_LANGUAGES, LanguageGuess

#: Below this, a detected language does not override what we already know about the person.
CONFIDENT = 0.6
#: People writing in a language Maatje has no content for get these under the Dutch.
FALLBACK_LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class LanguagePlan:
    """The blocks of a reply, and an optional language to offer through a button."""

    blocks: tuple[str, ...]
    offer: str | None = None


def base_language(code: str | None) -> str | None:
    """``"pt-br"`` → ``"pt"``; Telegram reports IETF tags."""
    return code.split("-")[0].split("_")[0].lower() if code else None


def plan_languages(detected: LanguageGuess | None, state: UserState, hint: str | None) -> LanguagePlan:
    """Dutch first, then the language the person wrote in or chose."""
    hint = base_language(hint)
    written = detected.code if detected and detected.confidence >= CONFIDENT else None
    chosen = state.language
    own = next((code for code in (written, chosen) if code not in (None, "nl", "und")), None)
    if own is None:
        offer = hint if hint in CONTENT_LANGUAGES[1:] else None
        return LanguagePlan(("nl",), offer)
    if own in CONTENT_LANGUAGES:
        return LanguagePlan(("nl", own))
    return LanguagePlan(("nl", *FALLBACK_LANGUAGES))


#: The order of the language picker: the languages most pupils and parents read first.
PICKER_ORDER: tuple[str, ...] = ("ar", "uk", "fa", "ps", "ti", "so", "tr", "es", "fr", "en", "ru", "nl")


def welcome_plan(state: UserState, hint: str | None) -> LanguagePlan:
    """Before a language is chosen, the phone's language is shown under the Dutch.

    A parent who reads no Dutch must understand the very first message; once a language
    is chosen, the normal plan applies.
    """
    phone = base_language(hint)
    if state.language is None and phone in CONTENT_LANGUAGES and phone != "nl":
        return LanguagePlan(("nl", phone))
    return plan_languages(None, state, hint)
