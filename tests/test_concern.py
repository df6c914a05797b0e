"""Between a joke and danger: the answer, with a gentle "🆘 Gaat het goed met je?" under it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind
from bot.core.payloads import SOS
from bot.core.state import ONBOARDED
from bot.features import registry
from content.loader import load_content
from intents.types import Candidate, LanguageGuess, Understanding
from tests.features import at


@dataclass
class Worried:
    """A message about the camp that the pipeline is a little worried about."""

    concern: bool

    def understand(self, text: str, language_hint: str | None = None) -> Understanding:
        return Understanding(text, text.lower(), LanguageGuess("nl", 0.99),
                             (Candidate("camp_packing", 0.9), Candidate("safeguarding", 0.3)),
                             concern=self.concern)


def _answer(concern: bool) -> list[tuple[str, str]]:
    core = Maatje(load_content(), Worried(concern), features=registry())
    turn = core.handle(Incoming("test:1", Kind.TEXT, text="ik ben bang in de tent, wat moet ik "
                                "meenemen"), ONBOARDED, now=at(2026, 12, 9))
    assert "🎒" in turn.outcome.replies[0].text, "the question is answered"
    assert "112" not in turn.outcome.replies[0].text, "no wall of help lines"
    return [(b.label, b.payload) for r in turn.outcome.replies for b in r.buttons]


def test_a_worrying_message_gets_its_answer_and_a_gentle_button() -> None:
    assert ("🆘 Gaat het goed met je?", SOS) in _answer(concern=True)


def test_an_ordinary_message_gets_no_such_button() -> None:
    assert SOS not in [payload for _, payload in _answer(concern=False)]


def test_pressing_it_shows_the_help_lines_and_the_question() -> None:
    core = Maatje(load_content(), Worried(True), features=registry())
    turn = core.handle(Incoming("test:1", Kind.BUTTON, payload=SOS), ONBOARDED,
                       now=at(2026, 12, 9))
    assert "112" in turn.outcome.replies[0].text
    assert "sg:yes" in [b.payload for b in turn.outcome.replies[0].buttons]
