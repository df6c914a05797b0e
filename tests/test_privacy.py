"""Privacy as a person notices it: /privacy, /mijngegevens, /vergeet, consent and under-13s."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import String, select

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind, Outcome
from bot.core.state import UserState
from bot.features import registry
from bot.service import Conversations
from storage.db import Database
from storage.models import Base
from storage.personal import ERASED, RetentionPolicy
from storage.privacy import PersonalData, undeclared_tables

START = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)
ME = "tg:4242"
OTHER = "tg:777"


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


class Person:
    """Talks to Maatje through the conversation service, as the Telegram adapter would."""

    def __init__(self, service: Conversations, key: str) -> None:
        self.service = service
        self.key = key
        self.updates = 0

    def send(self, kind: Kind, text: str = "", payload: str | None = None) -> Outcome:
        self.updates += 1
        incoming = Incoming(self.key, kind, text=text, payload=payload, language_hint="nl")
        outcome = self.service.handle(incoming, f"{self.key}:{self.updates}")
        assert outcome is not None
        return outcome

    def say(self, text: str) -> Outcome:
        return self.send(Kind.TEXT, text)

    def command(self, text: str) -> Outcome:
        return self.send(Kind.COMMAND, text)

    def press(self, outcome: Outcome, starts_with: str) -> Outcome:
        payloads = [b.payload for r in outcome.replies for b in r.buttons]
        chosen = next(p for p in payloads if p.startswith(starts_with))
        return self.send(Kind.BUTTON, payload=chosen)


@pytest.fixture(scope="module")
def full_core(core: Maatje) -> Maatje:
    return dataclasses.replace(core, features=registry())


@pytest.fixture
def world(full_core: Maatje, database_url: str):
    database = Database.open(database_url)
    clock = Clock()
    service = Conversations(full_core, database, UserState(onboarded=True), clock=clock)
    yield service, database, clock
    database.close()


def text_of(outcome: Outcome) -> str:
    return "\n".join(reply.text for reply in outcome.replies)


def rows_naming(database: Database, key: str) -> dict[str, int]:
    """Every row in every table with a text column equal to ``key``."""
    found: dict[str, int] = {}
    with database.session() as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, String):
                    count = len(session.execute(select(table).where(column == key)).all())
                    if count:
                        found[f"{table.name}.{column.name}"] = count
    return found


def test_every_table_says_whether_it_holds_personal_data() -> None:
    assert undeclared_tables() == [], "declare __personal__ on the model (storage/personal.py)"


def test_privacy_explains_in_five_short_sentences(full_core: Maatje) -> None:
    turn = full_core.handle(Incoming(ME, Kind.COMMAND, text="/privacy"), UserState(language="ar"))
    dutch, arabic = turn.outcome.replies[0].text.split("\n\n")
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", dutch) if s.strip()]
    assert len(sentences) == 5
    assert "/mijngegevens" in dutch and "/vergeet" in dutch and "30 dagen" in dutch
    assert "/vergeet" in arabic


def test_privacy_tells_a_web_visitor_what_her_browser_keeps_and_a_telegram_user_nothing_of_it(
    full_core: Maatje,
) -> None:
    """The web chat keeps the conversation in the browser (emptied by /vergeet) and a cookie
    that names no one; a Telegram user has neither, so is not told about them."""
    from bot.web.identity import PREFIX

    def privacy_of(key: str) -> str:
        turn = full_core.handle(Incoming(key, Kind.COMMAND, text="/privacy"),
                                UserState(language="ar"))
        return "\n".join(reply.text for reply in turn.outcome.replies)

    web = privacy_of(f"{PREFIX}Zm9vYmFy")
    assert "bewaart je browser het gesprek" in web and "geen naam" in web
    assert "يحفظ متصفحك المحادثة" in web, "and in her language"
    telegram = privacy_of(ME)
    assert "browser" not in telegram and "cookie" not in telegram


def test_consent_is_asked_per_purpose_and_kept(world) -> None:
    service, _database, _clock = world
    me = Person(service, ME)
    asked = me.command("/toestemming")
    assert "Hoe oud" in text_of(asked)
    overview = me.press(asked, "age:13+")
    assert "Wat mag Maatje doen" in text_of(overview)
    saved = me.press(overview, "consent:announcements:yes")
    assert "Bewaard" in text_of(saved)
    again = me.command("/toestemming")
    labels = [b.label for r in again.replies for b in r.buttons]
    assert any(label.startswith("✅") and "Nieuws" in label for label in labels)
    assert any(label.startswith("⬜") and "Vragen" in label for label in labels)
    withdrawn = me.press(again, "consent:announcements:no")
    assert "niets" in text_of(withdrawn)


def test_under_13_gets_answers_but_nothing_more_is_kept(world) -> None:
    service, _database, _clock = world
    child = Person(service, ME)
    under = child.press(child.command("/toestemming"), "age:u13")
    assert "jonger dan 13" in text_of(under) and "ouder of een jeugdwerker" in text_of(under)
    forged = child.send(Kind.BUTTON, payload="consent:contact:yes")
    assert "Bewaard" not in text_of(forged)
    help_lines = child.say("ik wil niet meer leven")
    assert help_lines.trace.intent == "safeguarding" and "1813" in text_of(help_lines)
    document = json.loads(child.command("/mijngegevens").replies[0].document.data)
    users = document["tables"]["users"]
    assert users[0]["age_band"] == "u13" and users[0]["consents"] == ""


def test_mijngegevens_sends_everything_as_a_file(world) -> None:
    service, database, _clock = world
    me = Person(service, ME)
    me.press(me.press(me.command("/toestemming"), "age:13+"), "consent:contact:yes")
    with database.session() as session:
        PersonalData(session).audit("tg:staff", "lead.view", ME, at=START)
    outcome = me.command("/mijngegevens")
    reply = outcome.replies[0]
    assert "alles wat Maatje over jou bewaart" in reply.text
    assert reply.document is not None and reply.document.filename.endswith(".json")
    document = json.loads(reply.document.data)
    assert document["person"] == ME
    assert document["tables"]["users"][0]["consents"] == "contact"
    assert document["tables"]["audit_log"][0]["action"] == "lead.view"
    assert "flood_buckets" in document["tables"]


def test_vergeet_asks_first_then_erases_every_row(world) -> None:
    service, database, _clock = world
    me, other = Person(service, ME), Person(service, OTHER)
    me.press(me.press(me.command("/toestemming"), "age:13+"), "consent:announcements:yes")
    other.say("hallo")
    with database.session() as session:
        PersonalData(session).audit("tg:staff", "lead.view", ME, at=START)
    assert rows_naming(database, ME)

    asked = me.command("/vergeet")
    assert "wist" in text_of(asked)
    assert rows_naming(database, ME), "nothing is erased before the yes"
    done = me.press(asked, "vergeet:ja")
    assert "gewist" in text_of(done)

    assert rows_naming(database, ME) == {}
    assert rows_naming(database, ERASED) == {"audit_log.subject_key": 1}, "the trail stays, blanked"
    assert rows_naming(database, OTHER), "nobody else is touched"


def test_a_late_or_forged_confirmation_is_refused(world) -> None:
    service, database, clock = world
    me = Person(service, ME)
    asked = me.command("/vergeet")
    clock.now = START + timedelta(minutes=11)
    late = me.press(asked, "vergeet:ja")
    assert "werkt niet" in text_of(late)
    forged = me.send(Kind.BUTTON, payload="vergeet:ja:zz")
    assert "werkt niet" in text_of(forged)
    kept = me.press(me.command("/vergeet"), "vergeet:nee")
    assert "niets gewist" in text_of(kept)
    assert rows_naming(database, ME)


def test_nothing_is_said_to_be_saved_when_the_database_is_down(full_core: Maatje, tmp_path) -> None:
    database = Database.open(f"sqlite:///{tmp_path / 'gone' / 'x.sqlite3'}")
    database.close()
    (tmp_path / "gone" / "x.sqlite3").unlink()
    (tmp_path / "gone").rmdir()
    (tmp_path / "gone").write_text("not a folder")
    service = Conversations(full_core, database, UserState(onboarded=True, age_band="13+"))
    outcome = service.handle(Incoming(ME, Kind.BUTTON, payload="consent:contact:yes"), "k1")
    assert outcome is not None
    assert "Bewaard" not in text_of(outcome) and "lukt nu even niet" in text_of(outcome)


@pytest.mark.parametrize("incoming", [
    Incoming(ME, Kind.COMMAND, text="/mijngegevens", in_group=True, chat_key="tg:-100"),
    Incoming(ME, Kind.COMMAND, text="/vergeet", in_group=True, chat_key="tg:-100"),
    Incoming(ME, Kind.COMMAND, text="/toestemming", in_group=True, chat_key="tg:-100"),
    Incoming(ME, Kind.BUTTON, payload="vergeet:ja:0", in_group=True, chat_key="tg:-100"),
    Incoming(ME, Kind.BUTTON, payload="consent:contact:yes", in_group=True, chat_key="tg:-100"),
])
def test_personal_data_is_never_shown_or_changed_in_a_group(world, incoming: Incoming) -> None:
    service, database, _clock = world
    me = Person(service, ME)
    me.press(me.press(me.command("/toestemming"), "age:13+"), "consent:announcements:yes")
    before = rows_naming(database, ME)
    outcome = service.handle(incoming, "group-update")
    assert outcome is not None
    assert all(reply.document is None for reply in outcome.replies)
    assert "privébericht" in text_of(outcome)
    assert rows_naming(database, ME) == before


def test_privacy_lists_every_table_that_can_hold_something_about_someone(
    full_core: Maatje, database_url: str
) -> None:
    """Generated from the declarations: a new table with personal data needs its line."""
    database = Database.open(database_url)
    service = Conversations(full_core, database, UserState(onboarded=True),
                            retention=RetentionPolicy(followed_up_leads_days=90))
    try:
        outcome = Person(service, ME).command("/privacy")
        with database.session() as session:
            kept = PersonalData(session).catalogue()
    finally:
        database.close()
    listed = outcome.replies[1].text
    assert {entry.table for entry in kept} >= {
        "users", "leads", "questions", "subscribers", "camp_registrations",
        "camp_parent_links", "activity_attendance", "outbox", "audit_log"}
    for entry in kept:
        assert full_core.content.has_ui(f"privacy.kept.{entry.table}"), entry.table
        assert full_core.content.ui_text(f"privacy.kept.{entry.table}", "nl") in listed
    assert "🙋 Waar je aan wilt meedoen" in listed and "Weg 90 dagen na de opvolging" in listed, (
        "the configured retention, not a number in a text")
    assert "leeftijd" in listed and "/toestemming" in listed and "Ik kom" in listed
