"""Forged and stale buttons from a pupil never touch anyone else's data.

A world with a youth worker, a staff chat and another pupil's lead; then a forger presses
generated payloads for every registered button prefix (other people's lead ids, staff-only
actions, junk) and types every command. Afterwards everything stored about the others, the
settings and the audit trail are as before, and no message went out to anyone but the forger
and the staff chat.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind
from bot.features import registry
from storage.db import Database
from storage.models import AuditEntry, OutboxRow, SettingRow
from storage.privacy import PersonalData
from tests.staffdesk import Desk, payloads, staffed
from tests.test_bad_input import FIXED_EXAMPLES

NOW = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)
SARA, ALI, MINA = "tg:501", "tg:901", "tg:966"
STAFF_GROUP = "tg:-1001"
ACTIONS = ["claim", "done", "reply", "send", "cancel", "confirm", "yes", "no", "ok", "t", "ja", "nee",
           "sport", "kamp", "all", "pupils", "ar", "nl", "u13", "13+", "announcements", "contact"]
IDS = ["0", "1", "2", "3", "-1", "901", "501", "999999999999", ""]


def _forged() -> st.SearchStrategy[str]:
    prefixes = sorted(registry().buttons)
    part = st.one_of(st.sampled_from(ACTIONS), st.sampled_from(IDS), st.text(max_size=6))
    return st.builds(lambda prefix, parts: ":".join([prefix, *parts])[:64],
                     st.sampled_from(prefixes), st.lists(part, min_size=1, max_size=3))


def _commands() -> st.SearchStrategy[str]:
    names = sorted(registry().commands)
    return st.builds(lambda name, arg: f"/{name} {arg}".strip(), st.sampled_from(names),
                     st.one_of(st.just(""), st.sampled_from(IDS + ACTIONS)))



@pytest.fixture
def desk(staff_core: Maatje, database_url: str) -> Iterator[Desk]:
    database = Database.open(database_url)
    desk = staffed(staff_core, database, NOW, SARA, STAFF_GROUP)
    asked = desk.say(ALI, "ik wil meedoen")
    consent = desk.press(ALI, next(p for p in payloads(asked) if p.startswith("int:t:")))
    desk.press(ALI, next(p for p in payloads(consent) if p.startswith("int:ok:")))
    yield desk
    database.close()


def snapshot(database: Database) -> dict[str, object]:
    with database.session() as session:
        privacy = PersonalData(session)
        return {
            "ali": privacy.export(ALI),
            "sara": privacy.export(SARA),
            "settings": sorted((r.key, r.value) for r in session.scalars(select(SettingRow))),
            "audit": sorted((r.actor_key, r.action) for r in session.scalars(select(AuditEntry))),
        }


def recipients(database: Database) -> set[str]:
    with database.session() as session:
        return set(session.scalars(select(OutboxRow.chat_key)))


def test_a_forger_changes_nothing_about_anyone_else(desk: Desk) -> None:
    before = snapshot(desk.database)
    assert before["ali"].get("leads"), "the other pupil has a lead to protect"
    pressed = 0

    @settings(max_examples=40, deadline=None, database=None, derandomize=FIXED_EXAMPLES,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(st.lists(st.one_of(_forged().map(lambda p: (Kind.BUTTON, p)),
                              _commands().map(lambda c: (Kind.COMMAND, c))), min_size=10, max_size=10))
    def forge(inputs: list[tuple[Kind, str]]) -> None:
        nonlocal pressed
        for kind, value in inputs:
            desk.updates += 1
            incoming = (Incoming(MINA, kind, payload=value, first_name="Mina", chat_key=MINA)
                        if kind is Kind.BUTTON
                        else Incoming(MINA, kind, text=value, first_name="Mina", chat_key=MINA))
            desk.conversations.handle(incoming, f"forge:{desk.updates}")
            pressed += 1
        assert snapshot(desk.database) == before
        assert recipients(desk.database) <= {STAFF_GROUP, MINA}

    forge()
    assert pressed >= 400
