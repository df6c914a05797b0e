""""Under 13" after data was kept, end to end: the real bot against the emulator.

Ali first says he is a parent (adults are not asked their age; the child's name and age
are), shows interest and gets
announcements. He then says he is a pupil and, asked his age, "Jonger dan 13": his lead
and his subscription are erased, the youth workers hear "#L1 gewist" without his name and
their notice naming him is taken back, he is told what went; the other button of that
same age question no longer does anything.

A parent from before the child was asked (his row as migration 0020 left it) gets the
answer to his next message, then, once, "may I know your child's first name and age?".
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from sqlalchemy import func, select

from bot.core.dialogue import Maatje
from bot.core.state import UserState
from storage.models import LeadRow, SubscriberRow, User
from tests.e2e.processes import until
from tests.emulator import BotApiEmulator
from tests.staffworld import World, become_staff, running_world

pytestmark = pytest.mark.e2e


@pytest_asyncio.fixture
async def world(emulator: BotApiEmulator, bot_token: str, sqlite_url: str,
                staff_core: Maatje) -> AsyncIterator[World]:
    async with running_world(emulator, bot_token, sqlite_url, staff_core,
                             new_user=UserState()) as running:
        yield running


def stored(world: World) -> tuple[int, int, str | None]:
    """Ali's leads, subscriptions and age band, as the database has them."""
    with world.database.session() as session:
        leads = session.scalar(select(func.count()).select_from(LeadRow)
                               .where(LeadRow.user_key == "tg:901"))
        subscribed = session.scalar(select(func.count()).select_from(SubscriberRow)
                                    .where(SubscriberRow.user_key == "tg:901"))
        band = session.scalar(select(User.age_band).where(User.channel_key == "tg:901"))
    return int(leads or 0), int(subscribed or 0), band


async def test_under_13_erases_what_was_kept_and_old_age_buttons_expire(world: World) -> None:
    emu, token, ali = world.emu, world.token, world.ali
    await become_staff(world)
    picked = await world.press(ali, await world.command(ali, "/start"), data="lang:nl")
    await world.press(ali, picked, data="role:parent")

    topics = await world.said(ali, "ik wil meedoen")
    consent = await world.press(ali, topics, data="int:t:sport")
    child = await world.press(ali, consent, label=consent.buttons[0])
    assert "Over welk kind gaat het" in (child.text or ""), "a parent is asked about the child"
    child_age = await world.said(ali, "Amal")
    assert "Hoe oud is Amal" in (child_age.text or "")
    saved = await world.press(ali, child_age, label="🧑 13 of ouder")
    assert "Bewaard" in (saved.text or ""), "a parent's interest is kept without her own age"
    notice = await world.next(world.staff_group.id)
    assert "#L1" in (notice.text or "") and "Ali, ouder van Amal (13+)" in (notice.text or "")
    news = await world.command(ali, "/start", "groep-okan-anderlecht")
    joined = await world.press(ali, news, label=news.buttons[0])
    assert "okan-anderlecht" in (joined.text or "")
    assert stored(world) == (1, 1, None)

    await world.press(ali, joined, data="role:pupil")
    topics = await world.said(ali, "ik wil meedoen")
    consent = await world.press(ali, topics, data="int:t:activity")
    age = await world.press(ali, consent, label=consent.buttons[0])
    assert "Hoe oud ben je" in (age.text or "")
    told = await world.press(ali, age, label="🧒 Jonger dan 13")
    text = told.text or ""
    assert "Dit heb ik nu gewist" in text and "waar je aan wilde meedoen" in text
    assert "dat je nieuws krijgt" in text and "je groepen voor nieuws" in text
    assert stored(world) == (0, 0, "u13")
    with world.database.session() as session:
        child = session.scalar(select(User.child_name).where(User.channel_key == "tg:901"))
    assert child is None, "the child he named as a parent went too"

    gone = await world.next(world.staff_group.id)
    assert "#L1 gewist" in (gone.text or "") and "Ali" not in (gone.text or ""), "by reference"
    await until(lambda: emu.bot_messages(token, world.staff_group.id)[1].deleted, 10,
                "the notice naming him taken back")

    old = await world.press(ali, age, label="🧑 13 of ouder")
    assert "Deze knop werkt niet (meer)" in (old.text or "")
    assert stored(world) == (0, 0, "u13"), "the old button changed nothing"


@pytest_asyncio.fixture
async def upgraded(emulator: BotApiEmulator, bot_token: str, sqlite_url: str,
                   staff_core: Maatje) -> AsyncIterator[World]:
    """Ali chose "Ouder" before the child was asked: his row as it was at migration 0020."""
    from datetime import UTC, datetime

    from sqlalchemy import MetaData, Table

    from storage.db import make_engine
    from tests.migrations import upgrade

    engine = make_engine(sqlite_url)
    upgrade(engine, "0020")
    before = datetime(2026, 11, 1, tzinfo=UTC)
    with engine.begin() as connection:
        users = Table("users", MetaData(), autoload_with=connection)
        connection.execute(users.insert(), [{
            "channel_key": "tg:901", "language": "nl", "role": "parent", "onboarded": True,
            "misses": 0, "consents": "contact", "asked": "", "topic_entities": "", "prompt": "",
            "created_at": before, "last_seen_at": before}])
    engine.dispose()
    async with running_world(emulator, bot_token, sqlite_url, staff_core) as running:
        yield running


async def test_a_parent_from_before_is_asked_for_the_child_at_her_next_message(
    upgraded: World,
) -> None:
    world, ali = upgraded, upgraded.ali
    answer = await world.said(ali, "wat moet ik meenemen naar het kamp")
    assert "slaapzak" in (answer.text or "").lower(), "his message is answered first"
    offer = await world.next(ali.id)
    assert "Mag ik de voornaam en de leeftijd van je kind weten" in (offer.text or "")
    name = await world.press(ali, offer, label=offer.buttons[0])
    assert "Over welk kind gaat het" in (name.text or "")
    age = await world.said(ali, "Amal")
    saved = await world.press(ali, age, label="🧑 13 of ouder")
    assert "Nu weet ik dat je vragen over Amal gaan" in (saved.text or "")
    again = await world.said(ali, "hallo")
    assert "van je kind" not in (again.text or "")
    packing = await world.said(ali, "wat moet ik meenemen naar het kamp")
    assert "slaapzak" in (packing.text or "").lower(), "asked once: nothing came in between"
    with world.database.session() as session:
        row = session.scalar(select(User).where(User.channel_key == "tg:901"))
        assert row is not None and (row.child_name, row.child_band, row.ask_child) == (
            "Amal", "13+", False)
