"""What Maatje tells a person about their data is true, checked by an independent scan.

A pupil lives a whole life with Maatje (onboarding, consent, a lead, a question passed on,
a camp registration, a subscription, a parent link, "Ik kom") next to a youth worker who
follows her up. Then every table and every column is searched for anything that
identifies her (her key, her Telegram id, her first name, the surname and phone number she
typed): ``/mijngegevens`` must show every row the scan finds, ``/vergeet`` must leave none,
and a withdrawn consent must erase what it covered. The same for the youth worker.
SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import MetaData, Table, inspect, select, update

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind, Outcome
from bot.features import camp_parent
from bot.features.attendance import remind_day_before
from bot.scheduler import job_context
from storage.db import Database, make_engine
from storage.models import Base, OutboxRow
from storage.outbox import UNSEND, OutboxRepository
from tests.features import BRUSSELS
from tests.migrations import upgrade
from tests.staffdesk import Desk, payloads, texts

WEDNESDAY = datetime(2026, 12, 16, 12, 0, tzinfo=BRUSSELS)  # skating is on Saturday the 19th
REMINDER_TIME = datetime(2026, 12, 18, 10, 30, tzinfo=BRUSSELS)
STAFF_GROUP = "tg:-1009876"
BOT = "MaatjeTestBot"
BOT_ID = 8000000001


@dataclass(frozen=True)
class Someone:
    """A person and every value that identifies them."""

    telegram_id: int
    first_name: str
    typed: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"tg:{self.telegram_id}"

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.key, str(self.telegram_id), self.first_name, *self.typed)


PHONE = "0485 11 22 33"
SURNAME = "Karimova"
PUPIL = Someone(7351904268, "Yasmina", (SURNAME, PHONE))
STAFF = Someone(5081733941, "Saraswati")
PARENT = Someone(6220481157, "Leyla")
QUESTION = f"Ik ben Yasmina {SURNAME}. Mag mijn broer mee naar de sporthal? Bel {PHONE}."
STAFF_REPLY = "Hoi, dat mag. Kom zaterdag om 14 uur."


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def scan(database: Database, person: Someone) -> dict[str, set[tuple[object, ...]]]:
    """Every row of every table with a column holding something that identifies ``person``,
    as ``table.column`` → the rows' primary keys. Ids count inside longer texts too
    (``tg:7351904268:m4``); a phone number counts whatever its spacing."""
    found: dict[str, set[tuple[object, ...]]] = {}
    words = [s.lower() for s in person.secrets if _digits(s) != s.replace(" ", "")]
    numbers = [_digits(s) for s in person.secrets if _digits(s)]
    with database.session() as session:
        for table in Base.metadata.sorted_tables:
            primary = [c.name for c in table.primary_key.columns]
            for row in session.execute(select(table)).mappings():
                for column, value in row.items():
                    if value is None:
                        continue
                    text = str(value)
                    lowered = text.lower()
                    hit = any(w in lowered for w in words) or any(
                        n in _digits(text) for n in numbers)
                    if hit:
                        found.setdefault(f"{table.name}.{column}", set()).add(
                            tuple(row[p] for p in primary))
    return found


def by_table(found: dict[str, set[tuple[object, ...]]]) -> dict[str, int]:
    """Rows per table (a row counted once however many of its columns hit)."""
    rows: dict[str, set[tuple[object, ...]]] = {}
    for name, keys in found.items():
        rows.setdefault(name.split(".")[0], set()).update(keys)
    return {table: len(keys) for table, keys in sorted(rows.items())}


class TelegramDesk(Desk):
    """Update keys as the Telegram adapter makes them: ``tg:<bot>:m<chat id>:<message>``."""

    def send(self, incoming: Incoming) -> Outcome:
        self.updates += 1
        chat = incoming.reply_chat.removeprefix("tg:")
        outcome = self.conversations.handle(incoming, f"tg:{BOT_ID}:m{chat}:{self.updates}")
        assert outcome is not None
        return outcome


@pytest.fixture
def desk(staff_core: Maatje, database_url: str) -> Iterator[Desk]:
    database = Database.open(database_url)
    yield TelegramDesk(replace(staff_core, bot_username=BOT), database, WEDNESDAY)
    database.close()


def say(desk: Desk, who: Someone, text: str, chat: str | None = None,
        reply_to: str | None = None) -> Outcome:
    return desk.say(who.key, text, first_name=who.first_name, chat=chat, reply_to=reply_to)


def press(desk: Desk, who: Someone, payload: str, chat: str | None = None) -> Outcome:
    """A button, pressed with the person's own first name (as Telegram sends it)."""
    return desk.send(Incoming(who.key, Kind.BUTTON, payload=payload, first_name=who.first_name,
                              chat_key=chat or who.key, in_group=chat is not None))


def press_first(desk: Desk, who: Someone, outcome: Outcome, prefix: str) -> Outcome:
    return press(desk, who, next(p for p in payloads(outcome) if p.startswith(prefix)))


def staff_notice(desk: Desk, ref: str) -> str:
    return next(item.text for item in desk.outbox() if f"#{ref}" in item.text
                and item.chat_key == STAFF_GROUP)


def live(desk: Desk) -> None:
    """A pupil's whole life with Maatje, a youth worker's follow-up and a parent's link."""
    desk.make_staff(STAFF.key, STAFF.first_name)
    say(desk, STAFF, "/staffchat", chat=STAFF_GROUP)

    # onboarding and consent
    say(desk, PUPIL, "/start")
    press(desk, PUPIL, "lang:ar")
    press(desk, PUPIL, "role:pupil")
    overview = say(desk, PUPIL, "/toestemming")
    press_first(desk, PUPIL, overview, "consent:announcements:yes")

    # a lead, claimed and answered
    asked = say(desk, PUPIL, "ik wil meedoen met voetbal")
    if not any(p.startswith("int:ok:") for p in payloads(asked)):
        asked = press_first(desk, PUPIL, asked, "int:t:")
    press_first(desk, PUPIL, asked, "int:ok:")
    press(desk, STAFF, "lead:1:claim", chat=STAFF_GROUP)
    say(desk, STAFF, STAFF_REPLY, chat=STAFF_GROUP, reply_to=staff_notice(desk, "L1"))
    say(desk, STAFF, "/opvolging")

    # a question passed on, answered through Maatje
    press(desk, PUPIL, "ho:yes")
    say(desk, PUPIL, QUESTION)
    say(desk, STAFF, STAFF_REPLY, chat=STAFF_GROUP, reply_to=staff_notice(desk, "V1"))
    say(desk, STAFF, "/vragen")

    # a call for help, taken by the youth worker, and a message passed on to him
    say(desk, PUPIL, f"mijn oom slaat mij. Ik ben {SURNAME}, bel {PHONE}")
    press(desk, PUPIL, "sg:yes")
    press(desk, STAFF, "sg:claim:1", chat=STAFF_GROUP)
    say(desk, PUPIL, f"ik ben bang, bel me op {PHONE}")
    press(desk, STAFF, "sg:close:1")

    # the camp: a lead staff put on the camp list, and a parent link
    press(desk, PUPIL, "int:ok:camp")
    press(desk, STAFF, "lead:2:camp", chat=STAFF_GROUP)
    say(desk, STAFF, "/kamp")
    link = press(desk, STAFF, "kamp:1:parent")
    token = re.search(r"ouder-([\w-]+)", texts(link))
    assert token, texts(link)
    say(desk, PARENT, f"/start ouder-{token.group(1)}")
    press(desk, PUPIL, "ouder:1:ja")  # "this is my parent"
    with desk.database.session() as session:
        assert camp_parent.remind(job_context(desk.core.content, session, desk.now)) == 1

    # a subscription with a group, and "Ik kom" with its reminder
    press(desk, PUPIL, "sub:on:okan-anderlecht")
    activity = say(desk, PUPIL, "is er iets op zaterdag")
    press_first(desk, PUPIL, activity, "kom:y:")
    with desk.database.session() as session:
        assert remind_day_before(job_context(desk.core.content, session, REMINDER_TIME)) == 1


MESSAGE_IDS = 5000


def deliver_everything(desk: Desk) -> dict[int, str]:
    """As the sender would: every pending row sent (Telegram's message id: 5000 + row id)."""
    delivered: dict[int, str] = {}
    with desk.database.session() as session:
        outbox = OutboxRepository(session)
        while claimed := outbox.claim(desk.now, 50):
            for item in claimed:
                outbox.sent(item.id, MESSAGE_IDS + item.id, desk.now)
                delivered[item.id] = item.chat_key
    return delivered


def forget(desk: Desk, who: Someone) -> str:
    asked = say(desk, who, "/vergeet")
    return texts(press_first(desk, who, asked, "vergeet:ja:"))


def exported(desk: Desk, who: Someone) -> tuple[str, dict[str, list[dict[str, object]]]]:
    outcome = say(desk, who, "/mijngegevens")
    reply = outcome.replies[0]
    assert reply.document is not None
    return reply.text, json.loads(reply.document.data)["tables"]


def primary_keys(table: str, rows: list[dict[str, object]]) -> set[tuple[object, ...]]:
    columns = [c.name for c in Base.metadata.tables[table].primary_key.columns]
    return {tuple(row[c] for c in columns) for row in rows}


def assert_export_covers(found: dict[str, set[tuple[object, ...]]],
                         tables: dict[str, list[dict[str, object]]]) -> None:
    """Every row the scan found is in the export (compared by primary key)."""
    for name, keys in found.items():
        table = name.split(".")[0]
        missing = {_plain(k) for k in keys} - primary_keys(table, tables.get(table, []))
        assert not missing, f"{name}: rows {missing} are not in /mijngegevens"


def _plain(key: tuple[object, ...]) -> tuple[object, ...]:
    return tuple(value.isoformat() if isinstance(value, datetime) else value for value in key)


def test_a_pupils_whole_life_is_exported_then_erased_everywhere(desk: Desk) -> None:
    live(desk)
    before = scan(desk.database, PUPIL)
    assert {"leads", "questions", "outbox", "camp_registrations", "camp_parent_links",
            "subscribers", "activity_attendance", "users", "safeguarding_cases"} <= set(
                by_table(before))

    summary, tables = exported(desk, PUPIL)
    assert_export_covers(scan(desk.database, PUPIL), tables)
    assert "Dit bewaar ik over jou" in summary and "العربية" in summary
    assert "Waar je aan wilt meedoen" in summary and "Vragen voor een jeugdwerker: 1" in summary
    assert "flood_buckets" not in summary, "the summary is for a person, not a database"
    assert STAFF.key not in json.dumps(tables), "another person's id is not hers to see"
    reads = {(row["action"], row["actor_key"]) for row in tables["audit_log"]}
    assert reads == {("leads.view", None), ("camp.view", None), ("safeguarding.view", None)}, (
        "each staff read of her data is recorded with her as the subject (her question was "
        "answered before /vragen, so it was not shown)")

    sent = deliver_everything(desk)
    old_notice = next(i for i, chat in sent.items() if chat == STAFF_GROUP)
    with desk.database.session() as session:
        session.execute(update(OutboxRow).where(OutboxRow.id == old_notice)
                        .values(updated_at=desk.now - timedelta(hours=49)))
    done = forget(desk, PUPIL)
    assert "gewist" in done
    taken_back = {(item.chat_key, item.file_id) for item in desk.outbox()
                  if item.file_kind == UNSEND}
    assert taken_back == {(chat, str(MESSAGE_IDS + i)) for i, chat in sent.items()
                          if chat in (STAFF_GROUP, PARENT.key, STAFF.key) and i != old_notice}, (
        "notices about her sent to staff (the 🆘 alert in his own chat too) or her parent "
        "within 48 hours are deleted")
    assert {chat for chat, _ in taken_back} == {STAFF_GROUP, PARENT.key, STAFF.key}
    assert scan(desk.database, PUPIL) == {}, "nothing identifying her is left"
    told = [item.text for item in desk.outbox() if item.chat_key == STAFF_GROUP]
    assert {"🗑️ #L1 is gewist", "🗑️ #L2 is gewist", "🗑️ #V1 is gewist",
            "🗑️ #K1 is gewist"} <= set(told)
    assert any(text.startswith("🗑️ #H1 is gewist") for text in told), "her case, by reference"
    assert scan(desk.database, STAFF), "the youth worker is untouched"
    assert scan(desk.database, PARENT), "the parent is a person of their own"


def test_a_youth_workers_erasure_keeps_the_pupils_rows_but_not_her_name(desk: Desk) -> None:
    live(desk)
    summary, tables = exported(desk, STAFF)
    assert_export_covers(scan(desk.database, STAFF), tables)
    assert PUPIL.first_name not in json.dumps(tables) and SURNAME not in json.dumps(tables)
    assert "Voor jeugdwerkers" in summary

    forget(desk, STAFF)
    assert scan(desk.database, STAFF) == {}
    with desk.database.session() as session:
        tables_left = {t: session.execute(select(Base.metadata.tables[t])).all()
                       for t in ("leads", "questions")}
    assert len(tables_left["leads"]) == 2 and len(tables_left["questions"]) == 1, (
        "the pupil's lead and question stay for her")


@pytest.mark.parametrize(("purpose", "covered", "refs"), [
    ("contact", ("leads",), ("L1", "L2")),
    ("handover", ("questions",), ("V1",)),
    ("announcements", ("subscribers", "subscriber_groups"), ()),
])
def test_withdrawing_a_consent_erases_what_it_covered(
    desk: Desk, purpose: str, covered: tuple[str, ...], refs: tuple[str, ...]
) -> None:
    live(desk)
    before = by_table(scan(desk.database, PUPIL))
    assert all(table in before for table in covered)
    overview = say(desk, PUPIL, "/toestemming")
    withdrawn = press(desk, PUPIL, f"consent:{purpose}:no")
    assert "niets" in texts(withdrawn)
    assert overview is not None
    after = by_table(scan(desk.database, PUPIL))
    assert all(table not in after for table in covered), after
    assert {t: n for t, n in after.items() if t not in covered and t != "outbox"} == {
        t: n for t, n in before.items() if t not in covered and t != "outbox"}, "only that"
    withdrawn_notices = [item.text for item in desk.outbox() if "ingetrokken" in item.text]
    assert withdrawn_notices == [f"🗑️ #{ref} ingetrokken" for ref in refs], "only the references"
    notices = [item.text for item in desk.outbox() if item.chat_key == STAFF_GROUP]
    for ref in refs:
        assert not any(f"#{ref}\n" in text for text in notices), "the notice about it is gone"
    if purpose == "contact":
        assert "#L1" not in texts(say(desk, STAFF, "/opvolging")), "she is off the list"
        to_her = len([i for i in desk.outbox() if i.chat_key == PUPIL.key])
        relayed = say(desk, STAFF, STAFF_REPLY, chat=STAFF_GROUP, reply_to="🙋 #L1")
        assert "niet vinden" in texts(relayed) or "#L1" not in texts(relayed)
        assert len([i for i in desk.outbox() if i.chat_key == PUPIL.key]) == to_her, (
            "a staff reply is no longer passed on")


def test_the_off_button_under_an_announcement_erases_the_subscription(desk: Desk) -> None:
    press(desk, PUPIL, "sub:on:okan-anderlecht")
    assert {"subscribers", "subscriber_groups"} <= set(by_table(scan(desk.database, PUPIL)))
    assert "geen berichten meer" in texts(press(desk, PUPIL, "sub:off"))
    left = by_table(scan(desk.database, PUPIL))
    assert "subscribers" not in left and "subscriber_groups" not in left


def test_the_scan_sees_every_column(desk: Desk) -> None:
    """The scan itself: it reads every table the migrations made."""
    with desk.database.engine.connect() as connection:
        made = set(inspect(connection).get_table_names()) - {"alembic_version"}
    assert made == set(Base.metadata.tables)


def test_the_migration_anonymises_what_earlier_erasures_left_behind(database_url: str) -> None:
    """A database as the old ``/vergeet`` left it: her notices, her update keys, an erased
    youth worker's name on a lead. After the upgrade none of it identifies anyone."""
    engine = make_engine(database_url)
    upgrade(engine, "0010")
    at = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    other = "tg:1234567890"
    rows = {
        "users": [{"id": 1, "channel_key": other, "onboarded": True, "misses": 0, "consents": "",
                   "created_at": at, "last_seen_at": at}],
        "processed_updates": [{"key": f"tg:{BOT_ID}:m{PUPIL.telegram_id}:4", "processed_at": at}],
        "leads": [{"id": 1, "user_key": other, "chat_key": other, "first_name": "Omar",
                   "topic": "sport", "language": "nl", "status": "claimed", "created_at": at,
                   "claimed_by": STAFF.key, "claimed_name": STAFF.first_name}],
        "questions": [{"id": 1, "user_key": other, "chat_key": other, "first_name": "Omar",
                       "language": "nl", "text": "Hoe laat?", "status": "answered",
                       "created_at": at, "answered_by": STAFF.key}],
        "outbox": [
            {"id": n, "chat_key": STAFF_GROUP, "ref": ref, "text": text, "buttons": "",
             "state": "sent", "priority": 0, "attempts": 1, "next_attempt_at": at,
             "created_at": at, "updated_at": at}
            for n, ref, text in ((1, "V7", QUESTION), (2, "L1", "🙋 #L1 Omar"))],
        "audit_log": [
            {"id": 1, "at": at, "actor_key": STAFF.key, "action": "leads.view",
             "subject_key": PUPIL.key},
            {"id": 2, "at": at, "actor_key": "cli", "action": "leads.view", "subject_key": other}],
    }
    with engine.begin() as connection:
        for table, values in rows.items():  # the tables as they were at 0010, not as now
            old = Table(table, MetaData(), autoload_with=connection)
            connection.execute(old.insert(), values)
    upgrade(engine, "head")
    engine.dispose()

    database = Database(database_url)
    try:
        for person in (PUPIL, STAFF):
            assert scan(database, person) == {}, person
        with database.session() as session:
            outbox = {row.id: row.subject_key for row in session.execute(
                select(Base.metadata.tables["outbox"]))}
            audit = {row.id: row.subject_key for row in session.execute(
                select(Base.metadata.tables["audit_log"]))}
            lead = session.execute(select(Base.metadata.tables["leads"])).one()
        assert outbox == {2: other}, "the notice about a gone question is gone; the other is hers"
        assert audit == {1: "erased", 2: "u:1"}
        assert (lead.first_name, lead.claimed_name) == ("Omar", "erased"), "Omar's lead stays"
    finally:
        database.close()


def test_a_notice_in_a_youth_workers_own_chat_is_not_in_her_export(desk: Desk) -> None:
    """Without a staff group, notices go to each youth worker's chat: still the pupil's."""
    desk.make_staff(STAFF.key, STAFF.first_name)
    asked = say(desk, PUPIL, "ik wil meedoen met voetbal")
    if not any(p.startswith("int:ok:") for p in payloads(asked)):
        asked = press_first(desk, PUPIL, asked, "int:t:")
    press_first(desk, PUPIL, asked, "int:ok:")
    assert any(item.chat_key == STAFF.key and PUPIL.first_name in item.text
               for item in desk.outbox())
    _summary, tables = exported(desk, STAFF)
    assert "outbox" in tables, "the row went to her chat: it is listed"
    assert PUPIL.first_name not in json.dumps(tables), "but what it says about the pupil is not"
    _summary, theirs = exported(desk, PUPIL)
    assert PUPIL.first_name in json.dumps(theirs["outbox"])
