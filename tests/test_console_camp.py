"""Issue 19's camp sign-up from the console (``maatje chat``): each step but Telegram's own.

The console loop (:func:`bot.console.chat`) is driven as a person at the terminal would:
it prints Maatje's replies with the buttons numbered; the script reads the printed text and
types a number (a press) or words (a typed answer). One console is one person; ``--as``
(``person``) makes another on the same database. A pupil writes her camp wish in Arabic and
is put on the list; a youth worker makes the parent link on ``/kamp``; her mother
types the link's ``/start ouder-…`` in her console; the pupil confirms the notice "Is
Fatima je ouder?" shown with her next reply; the mother types her permission. A parent
signs up a child of 11 and gives permission by typing. The pupil's ``/vergeet`` tells staff
by reference. Only the link's ``t.me`` address and its QR code are Telegram's: in the
console its ``start`` parameter is typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.console import CONSOLE_USER, chat
from bot.core.dialogue import Maatje
from bot.core.state import UserState
from bot.service import Conversations
from storage.camp import CampRepository
from storage.db import Database
from storage.repositories import Users
from tests.staffdesk import Desk

WISH = "أريد أن أذهب إلى المخيم"  # "I want to go to the camp"
SARA, STAFF_CHAT = "tg:501", "tg:-1001"
#: What the person types after a reply: words, or a choice made from the printed text.
Typed = str | Callable[[str], str]


def button(label: str) -> Callable[[str], str]:
    """Type the number the console printed for the first button whose label holds ``label``."""

    def pick(printed: str) -> str:
        found = re.search(rf"^  \[(\d+)\] [^\n]*{re.escape(label)}", printed, re.MULTILINE)
        assert found, f"no button {label!r} in:\n{printed[-1500:]}"
        return found.group(1)

    return pick


class Terminal:
    """Maatje's side of the console as printed, and the person's lines as typed."""

    def __init__(self, script: list[Typed]) -> None:
        self.script = script
        self.printed: list[str] = []

    def write(self, text: str) -> None:
        self.printed.append(text)

    def read(self, prompt: str) -> str:
        if not self.script:
            raise EOFError
        step = self.script.pop(0)
        return step if isinstance(step, str) else step(self.printed[-1])


@pytest.fixture
def database(sqlite_url: str) -> Iterator[Database]:
    database = Database.open(sqlite_url)
    yield database
    database.close()


def run(core: Maatje, database: Database, script: list[Typed], person: str | None = None
        ) -> list[str]:
    """The console, from its own ``/start`` to the end of ``script``: every reply printed."""
    terminal = Terminal(script)
    chat(Conversations(core, database, UserState()), terminal.read, terminal.write,
         person=person)
    assert not terminal.script, "the console stopped before the script ended"
    return terminal.printed


def staff(core: Maatje, database: Database) -> Desk:
    """Sara is a youth worker with a staff chat (made in Telegram, the same database)."""
    desk = Desk(core, database, datetime.now(UTC))
    desk.make_staff(SARA, "Sara")
    desk.say(SARA, "/staffchat", chat=STAFF_CHAT)
    return desk


def test_a_pupil_writes_her_camp_wish_in_arabic_and_is_on_the_list(
    core: Maatje, database: Database
) -> None:
    desk = staff(core, database)
    printed = run(core, database, [
        button("العربية"), button("Leerling"),
        WISH,                      # "Mag een jeugdwerker je schrijven?"
        "نعم",                     # yes, typed
        button("13 of ouder"),     # the age, pressed
    ])
    assert "🏕️ Kamp" in printed[3] and "🏕️ المخيم" in printed[3], "the camp itself"
    assert "Je staat nu op de kamplijst" in "\n".join(printed[4:])
    with database.session() as session:
        [registration] = CampRepository(session).everyone()
    assert registration.user_key == CONSOLE_USER and registration.language == "ar"
    told = [row.text for row in desk.outbox() if row.chat_key == STAFF_CHAT]
    assert any(f"#{registration.ref}" in text and "kamplijst" in text for text in told)

    erased = run(core, database, ["/vergeet", button("Ja, wis alles")])
    assert "Alles over jou is gewist" in erased[-2]
    gone = [row.text for row in desk.outbox() if row.chat_key == STAFF_CHAT]
    assert f"🗑️ #{registration.ref} is gewist" in gone, gone
    assert not any("kamplijst" in text for text in gone), "the notice about her went too"
    with database.session() as session:
        assert CampRepository(session).everyone() == []


def test_a_parent_signs_up_her_child_of_11_and_gives_permission_by_typing(
    core: Maatje, database: Database
) -> None:
    staff(core, database)
    printed = run(core, database, [
        button("العربية"), button("Ouder"),
        WISH,
        "نعم",                     # the consent, typed
        "Yusuf",                   # "Over welk kind gaat het?"
        "11",                      # "Hoe oud is Yusuf?", typed
        "نعم",                     # "Mag Yusuf mee op kamp?", typed
    ])
    replies = "\n".join(printed)
    assert "Over welk kind gaat het" in replies and "Hoe oud is Yusuf" in replies
    assert "Yusuf staat nu op de kamplijst" in replies
    assert "Mag Yusuf mee op kamp" in replies and "هل توافقون" in replies
    assert "Je toestemming voor Yusuf is bewaard" in printed[-2], "typed, as the button"
    with database.session() as session:
        [registration] = CampRepository(session).everyone()
    assert registration.first_name == "Yusuf" and "permission" in registration.ticked
    with database.session() as session:
        assert Users(session).state(CONSOLE_USER).child_band == "u13", "11 was typed, no button"


def test_the_parent_link_works_between_three_consoles(core: Maatje, database: Database) -> None:
    """Ali (pupil), Sara (youth worker) and Fatima (mother), each in her own terminal."""
    core = replace(core, bot_username="MaatjeBot")
    desk = staff(core, database)
    pupil = [button("العربية"), button("Leerling"), WISH, "نعم", button("13 of ouder")]
    assert "Je staat nu op de kamplijst" in "\n".join(run(core, database, pupil, "Ali"))

    made = run(core, database, [f"/start staff-{desk.invite('Sara')}", "/kamp",
                                button("Link voor ouder")], "Sara")
    assert "#K1 · Ali" in made[2] and "📎 ouder-K1.png" in made[3], "the link and its QR code"
    token = made[3].split("start=ouder-", 1)[1].split()[0]

    opened = run(core, database, [f"/start ouder-{token}", button("العربية")], "Fatima")
    assert "Ali" not in "\n".join(opened), "nothing about the pupil before she confirms"
    asked = run(core, database, ["نعم"], "Ali")
    assert "De naam is Fatima" in asked[0], "the notice, with her next reply"
    assert "Fatima" in asked[1] and "Deze knop werkt niet" not in asked[1]
    given = run(core, database, ["نعم"], "Fatima")
    assert "Ali staat op de lijst voor het kamp" in given[0]
    assert "Mag Ali mee op kamp" in given[0] and "هل توافقون" in given[0]
    assert "Je toestemming voor Ali is bewaard" in given[1], "typed, as the button"
    seen = run(core, database, ["/kamp"], "Sara")
    assert "✍️ Toestemming: Fatima in Maatje" in seen[1]
    with database.session() as session:
        [registration] = CampRepository(session).everyone()
    assert registration.user_key == "console:ali" and "permission" in registration.ticked
