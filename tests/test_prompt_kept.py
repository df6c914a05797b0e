"""A question typed at a prompt (the age, a consent) is answered, and the prompt comes back
once with its buttons: the person never has to find it again, and is never nagged."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.core.dialogue import Maatje
from bot.core.state import UserState
from storage.db import Database
from tests.staffdesk import Desk, payloads, texts

NOW = datetime(2026, 12, 9, 13, 0, tzinfo=UTC)


@pytest.fixture
def desk(staff_core: Maatje, sqlite_url: str) -> Iterator[Desk]:
    database = Database.open(sqlite_url)
    yield Desk(staff_core, database, NOW, new_user=UserState(onboarded=True))
    database.close()


def test_a_question_at_the_age_prompt_is_answered_then_the_prompt_comes_back(desk: Desk) -> None:
    asked = desk.press("tg:31", "int:ok:sport")
    age_buttons = [p for p in payloads(asked) if "age:" in p]
    assert age_buttons, texts(asked)
    detour = desk.say("tg:31", "wanneer is het kamp")
    assert "Van maandag 5 juli" in texts(detour), "the question is answered"
    assert [p for p in payloads(detour) if "age:" in p] == age_buttons, "then the prompt again"
    assert detour.replies[-1].text == asked.replies[-1].text
    typed = desk.say("tg:31", "ik ben 15")
    assert [p for p in payloads(typed) if "age:" in p] == [], "typing still answers it"


def test_the_prompt_comes_back_only_once(desk: Desk) -> None:
    desk.press("tg:32", "int:ok:sport")
    desk.say("tg:32", "wanneer is het kamp")
    again = desk.say("tg:32", "wat moet ik meenemen naar het kamp")
    assert "slaapzak" in texts(again)
    assert [p for p in payloads(again) if "age:" in p] == []
