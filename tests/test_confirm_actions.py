"""Free text that would change something asks for one tap first; commands and buttons act
at once. A misread message must never unsubscribe someone or switch their language."""

from __future__ import annotations

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind
from bot.core.state import ONBOARDED, UserState


def say(core: Maatje, text: str, state: UserState = ONBOARDED, hint: str | None = None):
    return core.handle(Incoming("t:9", Kind.TEXT, text=text, language_hint=hint), state)


def press(core: Maatje, payload: str, state: UserState = ONBOARDED):
    return core.handle(Incoming("t:9", Kind.BUTTON, payload=payload), state)


def test_typed_unsubscribe_asks_first_and_yes_does_it(core: Maatje) -> None:
    asked = say(core, "stop de berichten")
    reply = asked.outcome.replies[0]
    assert "Wil je geen berichten van Maatje meer krijgen?" in reply.text
    assert [b.payload for b in reply.buttons] == ["ok:unsubscribe", "ok:no"]
    done = press(core, "ok:unsubscribe", asked.state)
    assert done.outcome.trace.intent == "unsubscribe"
    assert done.outcome.replies[0].text == press(core, "i:unsubscribe").outcome.replies[0].text


def test_no_changes_nothing(core: Maatje) -> None:
    asked = say(core, "je veux plus de messages", hint="fr")
    assert "ok:no" in [b.payload for b in asked.outcome.replies[0].buttons]
    kept = press(core, "ok:no", asked.state)
    assert "ik verander niets" in kept.outcome.replies[0].text
    assert kept.state.language == asked.state.language


def test_typed_language_change_asks_first_and_the_command_does_not(core: Maatje) -> None:
    asked = say(core, "ik wil een andere taal")
    assert "Wil je een andere taal kiezen?" in asked.outcome.replies[0].text
    assert not any(b.payload.startswith("lang:") for b in asked.outcome.replies[0].buttons)
    picker = press(core, "ok:language", asked.state)
    assert any(b.payload.startswith("lang:") for r in picker.outcome.replies for b in r.buttons)
    command = core.handle(Incoming("t:9", Kind.COMMAND, text="/taal"), ONBOARDED)
    assert any(b.payload.startswith("lang:") for r in command.outcome.replies for b in r.buttons)


def test_typing_ja_confirms(core: Maatje) -> None:
    asked = say(core, "stop de berichten")
    typed = say(core, "ja", asked.state)
    assert typed.outcome.trace.intent == "unsubscribe"
