"""Flood control: a person who floods Maatje gets one "rustig aan", then a short pause."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind, Outcome
from bot.core.state import ONBOARDED
from bot.flood import Bucket, FloodPolicy, Verdict, admit
from bot.service import Conversations
from storage.db import Database

POLICY = FloodPolicy(burst=5, window_seconds=10.0, pause_seconds=30.0)
START = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def test_policy_allows_a_burst_then_warns_once_then_ignores() -> None:
    verdicts = []
    bucket: Bucket | None = None
    for _ in range(8):
        verdict, bucket = admit(POLICY, bucket, 1000.0)
        verdicts.append(verdict)
    assert verdicts == [Verdict.ALLOW] * 5 + [Verdict.WARN] + [Verdict.IGNORE] * 2
    assert bucket is not None
    assert admit(POLICY, bucket, 1000.0 + 31)[0] is Verdict.ALLOW


def test_policy_refills_for_a_steady_talker() -> None:
    bucket: Bucket | None = None
    for second in range(0, 120, 2):  # one message every two seconds is within 5 per 10 s
        verdict, bucket = admit(POLICY, bucket, float(second))
        assert verdict is Verdict.ALLOW


@pytest.fixture
def conversations(core: Maatje, database_url: str):
    database = Database.open(database_url)
    clock = Clock()
    yield Conversations(core, database, ONBOARDED.with_(language="ar"), clock=clock, flood=POLICY), clock
    database.close()


def say(conversations: Conversations, user: str, text: str, key: str) -> Outcome | None:
    return conversations.handle(Incoming(user, Kind.TEXT, text=text, language_hint="ar"), key)


def test_flooding_gets_one_slow_down_and_others_are_not_slowed(conversations) -> None:
    service, clock = conversations
    answers = [say(service, "tg:1", "hallo", f"a{n}") for n in range(9)]
    answered = [a for a in answers if a is not None]
    assert len(answered) == 6
    assert all(a.trace.intent != "flood" for a in answered[:5])
    warning = answered[5]
    assert warning.trace.intent == "flood"
    assert "Rustig aan" in warning.replies[0].text
    assert warning.replies[0].languages == ("nl", "ar")
    assert answers[6:] == [None, None, None], "ignored for a while after the warning"

    other = say(service, "tg:2", "hallo", "b1")
    assert other is not None and other.trace.intent == "greeting"

    clock.advance(POLICY.pause_seconds + 1)
    back = say(service, "tg:1", "hallo", "a10")
    assert back is not None and back.trace.intent == "greeting"


def test_a_danger_message_is_answered_even_during_the_pause(conversations) -> None:
    service, _clock = conversations
    for n in range(7):
        say(service, "tg:3", "hallo", f"c{n}")
    assert say(service, "tg:3", "hallo", "c7") is None
    danger = say(service, "tg:3", "mijn vader slaat mij", "c8")
    assert danger is not None and danger.trace.intent == "safeguarding"
    assert "112" in danger.replies[0].text
