"""Languages for messages Maatje sends on its own, and for what it keeps about a person."""

from __future__ import annotations

from babel import Locale

from bot.core.features import Context
from bot.core.languages import LanguagePlan, base_language
from bot.core.render import Renderer
from content.loader import Content
from intents.types import CONTENT_LANGUAGES


def plan_for(language: str | None) -> LanguagePlan:
    """Dutch, with ``language`` under it: for a reminder or a notice nobody asked for just now.

    There is no message to detect a language from, so the kept language decides.
    """
    own = language if language in CONTENT_LANGUAGES and language != "nl" else None
    return LanguagePlan(("nl", own) if own else ("nl",))


def person_render(content: Content, language: str | None) -> Renderer:
    """A renderer for someone who reads ``language`` (and Dutch first)."""
    return Renderer(content, plan_for(language))


def language_name(code: str) -> str:
    """``"ar"`` → ``"Arabisch"``, for Dutch-speaking staff."""
    return str(Locale.parse("nl").languages.get(code, code))


def person_language(ctx: Context) -> str:
    """The language to keep with a lead, a question or an "Ik kom": the chosen one, else the
    phone's, else Dutch; staff later write to the person in it."""
    return ctx.state.language or base_language(ctx.incoming.language_hint) or "nl"
