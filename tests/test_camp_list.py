"""The camp list staff work from: ``maatje camp list`` (table, CSV, only what is
incomplete), ``/kamp`` in the staff menu, and a pupil's ``/vergeet`` told by reference.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from bot.core.campports import LINK_CONFIRMED
from bot.core.staffports import StaffMember
from storage.camp import CampRepository
from storage.db import Database
from tests import test_camp_parent as base
from tests.staffdesk import Desk, texts
from tests.test_camp_parent import ALI, FATIMA, NOW, OMAR, SARA, lead, notices

parent_core, desk = base.parent_core, base.desk
MINA = "tg:902"


def fill(url: str) -> None:
    """Ali: Fatima linked and gave permission in Maatje. Mina: staff ticked everything.
    Omar: nothing yet, a parent opened the link and waits for confirmation."""
    database = Database.open(url)
    try:
        with database.session() as session:
            camp = CampRepository(session)
            ali, mina, omar = (camp.register(lead(n, key, name), NOW)
                               for n, key, name in ((1, ALI, "Ali"), (2, MINA, "Mina"),
                                                    (3, OMAR, "Omar")))
            assert ali is not None and mina is not None and omar is not None
            invite = camp.parent_invite(ali.id, NOW, timedelta(days=14))
            assert invite is not None
            opened = camp.accept_parent(invite.token, FATIMA, FATIMA, "Fatima", "ar", NOW)
            assert opened is not None and camp.decide_parent(opened.id, LINK_CONFIRMED, NOW)
            camp.give_permission(ali.id, FATIMA, "Fatima", NOW)
            sara = StaffMember(SARA, "Sara")
            for item in ("permission", "medical", "paid"):
                camp.toggle(mina.id, item, sara, NOW)
            waiting = camp.parent_invite(omar.id, NOW, timedelta(days=14))
            assert waiting is not None
            assert camp.accept_parent(waiting.token, "tg:953", "tg:953", "Leila", "fa", NOW)
    finally:
        database.close()


def listed(capsys: pytest.CaptureFixture[bytes], url: str, *extra: str) -> list[dict[str, str]]:
    from bot.cli import main

    assert main(["camp", "--db", url, "list", "--csv", *extra]) == 0
    raw = capsys.readouterr().out
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel reads it as UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_says_per_pupil_what_is_there_and_what_is_missing(
    sqlite_url: str, capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    fill(sqlite_url)
    ali, mina, omar = listed(capsysbinary, sqlite_url)
    assert (ali["Nummer"], ali["Voornaam"], ali["Taal"]) == ("#K1", "Ali", "Arabisch")
    assert (ali["Toestemming"], ali["Toestemming door"]) == ("ouder in Maatje", "Fatima")
    assert ali["Toestemming op"] == "2026-12-12 15:00", "Brussels time"
    assert (ali["Medische fiche"], ali["Betaald"], ali["Ouder gelinkt"]) == ("ontbreekt", "nee", "ja")
    assert (mina["Toestemming"], mina["Toestemming door"]) == ("aangevinkt door jeugdwerker", "Sara")
    assert (mina["Medische fiche"], mina["Betaald"], mina["Ouder gelinkt"]) == ("op papier", "ja", "nee")
    assert (omar["Toestemming"], omar["Ouder gelinkt"]) == ("ontbreekt", "wacht op bevestiging")
    assert [row["Voornaam"] for row in listed(capsysbinary, sqlite_url, "--incomplete")] == [
        "Ali", "Omar"], "Mina is complete"


def test_the_table_is_for_a_terminal(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    fill(sqlite_url)
    assert main(["camp", "--db", sqlite_url, "list", "--incomplete"]) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    assert header.split()[:3] == ["Nummer", "Voornaam", "Taal"]
    assert [row.split()[1] for row in rows] == ["Ali", "Omar"]
    assert "ouder in Maatje" in rows[0]


def test_the_camp_list_is_in_the_staff_menu(desk: Desk) -> None:
    menu = desk.say(SARA, "/staff").replies[0].menu
    assert "🏕️ Kamplijst" in menu
    shown = desk.say(SARA, "🏕️ Kamplijst")
    assert "Kamplijst: 1 leerlingen" in texts(shown) and "#K1 · Ali" in texts(shown)
    assert "🏕️ Kamplijst" not in texts(desk.say(ALI, "🏕️ Kamplijst")), "for a pupil, just text"


def test_a_pupils_vergeet_tells_staff_by_reference(desk: Desk) -> None:
    desk.say(ALI, "hallo")
    before = len(desk.outbox())
    confirm = desk.say(ALI, "/vergeet")
    yes = next(b.payload for r in confirm.replies for b in r.buttons
               if b.payload.startswith("vergeet:ja"))
    desk.press(ALI, yes)
    told = [row.text for row in notices(desk, SARA, before)]
    assert "🗑️ #K1 is gewist" in told
    assert not any("Ali" in text for text in told), "the reference only"
    assert "Nog niemand staat op de kamplijst" in texts(desk.say(SARA, "/kamp"))
