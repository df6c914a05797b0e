"""One phone screen first: an answer's first message is short, "➕ Meer" shows the rest."""

from __future__ import annotations

import dataclasses

import pytest

from bot.core.dialogue import Maatje
from bot.core.languages import LanguagePlan
from bot.core.messages import Button, Incoming, Kind, Reply
from bot.core.render import Renderer
from bot.core.screen import MAX_BUTTONS, MAX_WORDS, split, words
from bot.core.state import ONBOARDED
from bot.features import registry
from bot.screens import screen_problems
from content.loader import load_content
from content.schema import MAX_LABEL, Text
from intents.types import CONTENT_LANGUAGES
from tests.features import Fixed

CONTENT = load_content()
MORE = Button("➕ Meer", "more:camp_info")


def buttons(count: int) -> tuple[Button, ...]:
    return tuple(Button(f"knop {n}", f"i:{n}") for n in range(count))


def test_an_answer_that_fits_is_left_as_it_is() -> None:
    answer = (Reply("kort", buttons=buttons(4)),)
    assert split(answer, (), MORE) == (answer, ())


def test_the_rest_waits_behind_more_with_the_buttons_that_do_not_fit() -> None:
    answer = (Reply("eerst", buttons=buttons(6)),)
    rest = (Reply("de rest", buttons=(Button("vraag", "cq:food"),)),)
    shown, later = split(answer, rest, MORE)
    assert [b.label for b in shown[0].buttons] == ["knop 0", "knop 1", "knop 2", "➕ Meer"]
    assert later[0].text == "de rest"
    assert [b.label for b in later[0].buttons] == ["vraag", "knop 3", "knop 4", "knop 5"]


def test_too_many_buttons_alone_move_under_more_choices() -> None:
    choices = Reply("👇 Meer keuzes:")
    shown, later = split((Reply("eerst", buttons=buttons(5)),), (), MORE, choices)
    assert len(shown[0].buttons) == MAX_BUTTONS and shown[0].buttons[-1] == MORE
    assert later == (Reply("👇 Meer keuzes:", buttons=buttons(5)[3:]),)


def test_emoji_and_bullets_are_not_words() -> None:
    assert words("📅 Van maandag 5 juli om 9.00 uur\n👤 Sara: ☎️ 0471 23 45 67") == 12


@pytest.fixture(scope="module")
def core() -> Maatje:
    return Maatje(CONTENT, Fixed("camp_info"), features=registry())


def press(core: Maatje, payload: str, language: str | None = None,
          role: str | None = None) -> tuple[Reply, ...]:
    state = ONBOARDED.with_(language=language, role=role)
    return core.handle(Incoming("t:1", Kind.BUTTON, payload=payload), state).outcome.replies


@pytest.mark.parametrize("lang", CONTENT_LANGUAGES[1:])
def test_the_camp_answer_is_one_screen_and_more_shows_the_rest(core: Maatje, lang: str) -> None:
    [first] = press(core, "i:camp_info", lang)
    dutch, own = first.text.split("\n\n")
    assert dutch.startswith("🏕️ In de zomer"), "Dutch first"
    assert words(dutch) <= MAX_WORDS and words(own) <= MAX_WORDS
    assert len(first.buttons) <= MAX_BUTTONS
    more = first.buttons[-1]
    assert more.label.startswith("➕ Meer · ") and more.payload == f"more:camp_info:{lang}"
    [rest] = press(core, more.payload)
    assert "composttoilet" in rest.text and rest.languages == ("nl", lang)
    assert not [b for b in rest.buttons if b.payload.startswith("cq:")], (
        "a pupil is not shown the parents' questions")
    [rest] = press(core, more.payload, role="parent")
    assert len([b for b in rest.buttons if b.payload.startswith("cq:")]) >= 7, (
        "a parent's questions come with the rest")
    assert all(len(b.label) <= MAX_LABEL and not b.label.endswith("…") for b in rest.buttons)


def test_typing_meer_after_the_first_screen_shows_the_rest(core: Maatje) -> None:
    shown = core.handle(Incoming("t:1", Kind.BUTTON, payload="i:camp_info"), ONBOARDED)
    typed = core.handle(Incoming("t:1", Kind.TEXT, text="meer"), shown.state)
    assert "composttoilet" in typed.outcome.replies[0].text


def test_a_static_answer_shows_its_more_text_behind_the_button(core: Maatje) -> None:
    thanks = CONTENT.answers["thanks"]
    more = Text.model_validate({"nl": "Tot ziens!", "en": "See you!"})
    answers = {**CONTENT.answers, "thanks": thanks.model_copy(update={"more": more})}
    content = dataclasses.replace(CONTENT, answers=answers)
    with_more = dataclasses.replace(core, content=content)
    [first] = press(with_more, "i:thanks")
    assert first.buttons[-1].payload == "more:thanks" and "Tot ziens" not in first.text
    [rest] = press(with_more, "more:thanks")
    assert rest.text == "Tot ziens!"


def test_a_stale_more_button_shows_the_whole_answer(core: Maatje) -> None:
    [answer] = press(core, "more:thanks")
    assert answer.text == press(core, "i:thanks")[0].text


def test_a_label_too_long_with_the_dutch_keeps_the_own_language() -> None:
    text = Text.model_validate({"nl": "🙋 Ik wil heel graag meedoen met de activiteit",
                                "ar": "🙋 أريد كثيرًا أن أشارك في هذا النشاط مع أصدقائي"})
    label = Renderer(CONTENT, LanguagePlan(("nl", "ar"))).label_of(text)
    assert label == "🙋 أريد كثيرًا أن أشارك في هذا النشاط مع أصدقائي"


def test_every_shipped_first_screen_fits() -> None:
    assert screen_problems(CONTENT) == []


def test_a_new_question_after_the_first_screen_is_answered_once(core: Maatje) -> None:
    """"➕ Meer" waits for no answer: the next question is answered, the camp not repeated."""
    shown = core.handle(Incoming("t:1", Kind.BUTTON, payload="i:camp_info"), ONBOARDED)
    packing = dataclasses.replace(core, understander=Fixed("camp_packing"))
    typed = packing.handle(Incoming("t:1", Kind.TEXT, text="wat neem ik mee"), shown.state)
    [answer] = typed.outcome.replies
    assert "slaapzak" in answer.text and "Ardennen" not in answer.text
