"""Becoming staff, the staff menu and the staff chat, as youth workers and pupils notice them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.dialogue import Maatje
from storage.db import Database
from storage.staff import StaffRepository
from tests.staffdesk import Desk, texts

NOW = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)
SARA = "tg:501"
PUPIL = "tg:901"
STAFF_GROUP = "tg:-1001"



@pytest.fixture
def desk(staff_core: Maatje, database_url: str) -> Iterator[Desk]:
    database = Database.open(database_url)
    yield Desk(staff_core, database, NOW)
    database.close()


def test_an_invite_link_makes_staff_once(desk: Desk) -> None:
    token = desk.invite("Sara")
    welcome = desk.say(SARA, f"/start staff-{token}")
    assert "Sara" in texts(welcome)
    assert "📋 Opvolging" in welcome.replies[0].menu
    again = desk.say(PUPIL, f"/start staff-{token}")
    assert "werkt niet" in texts(again)
    assert "Dit kan alleen een jeugdwerker" in texts(desk.say(PUPIL, "/staff"))
    assert "Hallo Sara" in texts(desk.say(SARA, "/staff"))


def test_an_invite_expires(desk: Desk) -> None:
    token = desk.invite("Sara", hours=48)
    desk.later(hours=49)
    assert "werkt niet" in texts(desk.say(SARA, f"/start staff-{token}"))
    assert "Dit kan alleen een jeugdwerker" in texts(desk.say(SARA, "/staff"))


def test_a_forged_token_does_nothing(desk: Desk) -> None:
    desk.invite("Sara")
    assert "werkt niet" in texts(desk.say(PUPIL, "/start staff-forged"))


def test_staff_register_the_staff_chat_in_a_group(desk: Desk) -> None:
    desk.make_staff(SARA)
    assert "in de groep" in texts(desk.say(SARA, "/staffchat"))
    assert "staff-chat" in texts(desk.say(SARA, "/staffchat@MaatjeBot", chat=STAFF_GROUP))
    assert "Dit kan alleen een jeugdwerker" in texts(
        desk.say(PUPIL, "/staffchat", chat="tg:-2002")
    )


def test_a_staff_menu_label_from_a_pupil_is_ordinary_text(desk: Desk) -> None:
    outcome = desk.say(PUPIL, "📋 Opvolging")
    assert "jeugdwerker kan" not in texts(outcome)
    assert outcome.trace.intent != "not_allowed"


def test_removed_staff_lose_their_rights(desk: Desk) -> None:
    desk.make_staff(SARA)
    with desk.database.session() as session:
        assert StaffRepository(session).remove("Sara", desk.now) == 1
    assert "Dit kan alleen een jeugdwerker" in texts(desk.say(SARA, "/staff"))


def test_a_telegram_id_in_the_staff_setting_is_staff_from_the_start(
        staff_core: Maatje, database_url: str, tmp_path: Path) -> None:
    from bot.assembly import build_conversations
    from bot.config import Settings

    settings = Settings(data_dir=tmp_path, database_url=database_url, staff_ids=[777, 778])
    conversations = build_conversations(settings, core=staff_core)
    assert conversations.database is not None
    desk = Desk(staff_core, conversations.database, NOW)
    assert "Hallo Jeugdwerker 777" in texts(desk.say("tg:777", "/staff"))
    assert "Hallo Jeugdwerker 778" in texts(desk.say("tg:778", "/staff"))
    assert "Dit kan alleen een jeugdwerker" in texts(desk.say(PUPIL, "/staff"))
    build_conversations(settings, core=staff_core).database.close()  # type: ignore[union-attr]
    with desk.database.session() as session:
        assert [m.name for m in StaffRepository(session).listing()].count("Jeugdwerker 777") == 1, \
            "a second start adds nobody twice"
    desk.database.close()


def test_the_cli_prints_a_working_invite(tmp_path, capsys, staff_core: Maatje) -> None:
    from bot.cli import main

    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    assert main(["staff", "--db", url, "invite", "--name", "Sara", "--bot", "MaatjeBot"]) == 0
    link = capsys.readouterr().out.splitlines()[0]
    assert link.startswith("https://t.me/MaatjeBot?start=staff-")
    database = Database.open(url)
    desk = Desk(staff_core, database, datetime.now(UTC))
    desk.say(SARA, "/start " + link.split("start=")[1])
    database.close()
    assert main(["staff", "--db", url, "list"]) == 0
    assert "tg:501\tSara\tactive" in capsys.readouterr().out
    assert main(["staff", "--db", url, "remove", "tg:501"]) == 0
