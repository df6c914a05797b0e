"""Build replies from content: Dutch block first, the person's language under it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.languages import LanguagePlan
from bot.core.messages import Button, Reply
from bot.core.payloads import intent_payload
from content.bidi import fill
from content.loader import Content
from content.schema import LABEL_JOIN, MAX_LABEL, Text

BLOCK_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Renderer:
    """Turns content keys into :class:`Reply` objects for one language plan."""

    content: Content
    plan: LanguagePlan

    def text(self, text: Text, **fields: object) -> str:
        """The same text in every block language, Dutch first; a value (a time, a phone
        number, a Dutch name) is isolated in right-to-left blocks so it reads as one unit."""
        return BLOCK_SEPARATOR.join(fill(text.get(lang), fields, lang) for lang in self.plan.blocks)

    def ui(self, key: str, **fields: object) -> str:
        return self.text(self.content.ui[key], **fields)

    def label(self, key: str) -> str | None:
        """A button label: Dutch, then the person's language without its emoji."""
        text = self.content.ui.get(key)
        return None if text is None else self.label_of(text)

    def label_of(self, text: Text) -> str:
        """The same label rule for a text that is not in ui.yaml (a chat service's name).

        When Dutch and the own language do not fit on one button together, the own
        language alone: a phone cuts a long label, and the cut part is the translation
        the reader needed (the content check reports a label too long even then)."""
        label = text.nl
        second = self.plan.blocks[1] if len(self.plan.blocks) > 1 else None
        if second and text.has(second):
            both = f"{label}{LABEL_JOIN}{_without_leading_symbols(text.get(second))}"
            label = both if len(both) <= MAX_LABEL else text.get(second)
        return label

    def intent_buttons(self, intents: Iterable[str]) -> list[Button]:
        buttons = []
        for intent in intents:
            label = self.label(f"button.{intent}")
            if label:
                buttons.append(Button(label, intent_payload(intent)))
        return buttons

    def button(self, key: str, payload: str) -> Button | None:
        label = self.label(key)
        return Button(label, payload) if label else None

    def offer_button(self, intent: str) -> Button | None:
        """"Show in <language>" for a phone set to another language, labelled in that language."""
        lang = self.plan.offer
        text = self.content.ui.get("show_in_language")
        if not lang or text is None or not text.has(lang):
            return None
        return Button(text.get(lang), intent_payload(intent, lang))

    def reply(self, text: str, buttons: Iterable[Button | None] = (), **extra: object) -> Reply:
        return Reply(
            text=text,
            languages=self.plan.blocks,
            buttons=tuple(button for button in buttons if button is not None),
            **extra,  # type: ignore[arg-type]
        )


def _without_leading_symbols(label: str) -> str:
    index = 0
    while index < len(label) and not label[index].isalnum():
        index += 1
    return label[index:] or label
