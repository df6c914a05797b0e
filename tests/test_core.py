"""The dialogue core, as a person would notice it: what comes back for what they send."""

from __future__ import annotations

from dataclasses import replace

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind
from bot.core.payloads import SOS
from bot.core.state import ONBOARDED, UserState
from tests.features import Fixed


def say(core: Maatje, text: str, hint: str | None = None, state: UserState = ONBOARDED):
    return core.handle(Incoming("test:1", Kind.TEXT, text=text, language_hint=hint), state)


def test_greeting_is_answered_in_dutch(core: Maatje) -> None:
    turn = say(core, "hallo")
    assert turn.outcome.trace.intent == "greeting"
    assert "Maatje" in turn.outcome.replies[0].text
    assert turn.outcome.replies[0].languages == ("nl",)


def test_packing_question_with_typos_gets_the_packing_list(core: Maatje) -> None:
    turn = say(core, "wat moet ik meenemen plz")
    assert turn.outcome.trace.intent == "camp_packing"
    assert "slaapzak" in turn.outcome.replies[0].text


def test_arabic_question_gets_dutch_then_arabic(core: Maatje) -> None:
    turn = say(core, "ما الذي أحتاجه للمخيم")
    reply = turn.outcome.replies[0]
    assert reply.languages == ("nl", "ar")
    dutch, arabic = reply.text.split("\n\n", 1)
    assert "slaapzak" in dutch
    assert "كيس نوم" in arabic


def test_dutch_from_an_arabic_phone_gets_dutch_and_a_button_for_arabic(core: Maatje) -> None:
    turn = say(core, "wat moet ik meenemen naar het kamp", hint="ar")
    reply = turn.outcome.replies[0]
    assert reply.languages == ("nl",)
    offer = [b for b in reply.buttons if b.payload.endswith(":ar")]
    assert offer, "expected a button to see the answer in Arabic"
    pressed = core.handle(Incoming("test:1", Kind.BUTTON, payload=offer[0].payload), ONBOARDED)
    assert pressed.outcome.replies[0].languages == ("nl", "ar")


def test_danger_gets_help_lines_first(core: Maatje) -> None:
    turn = say(core, "ik wil niet meer leven")
    assert turn.outcome.trace.intent == "safeguarding"
    text = turn.outcome.replies[0].text
    assert "112" in text and "1813" in text and "113 " not in text


def test_no_money_for_the_club_is_not_danger(core: Maatje) -> None:
    assert say(core, "ik heb geen geld voor de club").outcome.trace.intent != "safeguarding"


def test_unclear_message_asks_then_offers_a_person(core: Maatje) -> None:
    core = replace(core, understander=Fixed("camp_packing", score=0.1))
    first = core.handle(Incoming("t", Kind.TEXT, text="qwx zzv blorp"), ONBOARDED.with_(misses=0))
    assert first.outcome.trace.fallback == "clarify"
    assert first.outcome.trace.intent == "out_of_scope"
    assert any(b.payload == SOS for b in first.outcome.replies[0].buttons)
    second = core.handle(Incoming("t", Kind.TEXT, text="qwx zzv blorp"), first.state)
    assert second.outcome.trace.fallback == "handover"
    assert any(b.payload == SOS for b in second.outcome.replies[0].buttons)


def test_start_greets_a_new_person_with_the_languages_and_a_returning_one_with_the_menu(
        core: Maatje) -> None:
    turn = core.handle(Incoming("t", Kind.COMMAND, text="/start"), UserState())
    assert "Maatje" in turn.outcome.replies[0].text
    assert any(b.payload.startswith("lang:") for r in turn.outcome.replies for b in r.buttons)
    assert not turn.state.onboarded, "onboarded once the language is chosen"
    back = core.handle(Incoming("t", Kind.COMMAND, text="/start"), ONBOARDED)
    assert back.outcome.replies[0].menu, "the persistent menu comes for a returning person"


def test_forged_button_payload_gets_help_not_an_error(core: Maatje) -> None:
    for payload in ["i:drop_tables", "i:help:xx", "", "💥" * 40, "ho:maybe"]:
        turn = core.handle(Incoming("t", Kind.BUTTON, payload=payload), ONBOARDED)
        assert turn.outcome.replies[0].text


def test_voice_note_gets_a_kind_answer(core: Maatje) -> None:
    turn = core.handle(Incoming("t", Kind.VOICE), ONBOARDED)
    assert "luisteren" in turn.outcome.replies[0].text


def test_sos_button_gives_help_lines(core: Maatje) -> None:
    turn = core.handle(Incoming("t", Kind.BUTTON, payload=SOS), ONBOARDED)
    assert "112" in turn.outcome.replies[0].text
