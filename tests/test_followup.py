"""Interest follow-up and hand-over, as pupils and youth workers notice them (core + database)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind
from bot.core.state import ONBOARDED, UserState
from storage.db import Database
from tests.staffdesk import Desk, payloads, staffed, texts

NOW = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)
SARA, TOM = "tg:501", "tg:502"
ALI, MINA = "tg:901", "tg:902"
STAFF_GROUP = "tg:-1001"



@pytest.fixture
def desk(staff_core: Maatje, database_url: str) -> Iterator[Desk]:
    database = Database.open(database_url)
    desk = staffed(staff_core, database, NOW, SARA, STAFF_GROUP)
    yield desk
    database.close()


def interest(desk: Desk, who: str = ALI, topic: str = "sport") -> str:
    """Say "ik wil meedoen", pick the topic, return the consent payload."""
    asked = desk.say(who, "ik wil meedoen")
    assert f"int:t:{topic}" in payloads(asked)
    consent = desk.press(who, f"int:t:{topic}")
    assert "Mag een jeugdwerker je een bericht sturen" in texts(consent)
    return next(p for p in payloads(consent) if p.startswith("int:ok:"))


def test_interest_with_consent_becomes_a_lead_and_a_staff_notice(desk: Desk) -> None:
    saved = desk.press(ALI, interest(desk))
    assert "Bewaard" in texts(saved) and "werkdagen" in texts(saved)
    [notice] = desk.outbox()
    assert notice.chat_key == STAFF_GROUP
    assert "#L1" in notice.text and "Ali" in notice.text and "Sport" in notice.text
    assert [b.payload for b in notice.buttons] == [
        "lead:1:claim", "lead:1:done", "lead:1:reply", "lead:1:grp", "ph:L1"]
    again = desk.press(ALI, interest(desk))
    assert "staat al klaar" in texts(again)
    assert len(desk.outbox()) == 1, "no second lead while one is open"


def test_no_means_nothing_is_kept(desk: Desk) -> None:
    interest(desk)
    assert "Ik bewaar niets" in texts(desk.press(ALI, "int:no"))
    assert desk.outbox() == []
    assert "Geen open leads" in texts(desk.say(SARA, "/opvolging"))


def test_staff_claim_close_and_see_the_list(desk: Desk) -> None:
    desk.make_staff(TOM, "Tom")
    desk.press(ALI, interest(desk, ALI, "sport"))
    desk.press(MINA, interest(desk, MINA, "camp"))
    assert "Sara neemt #L1 op" in texts(desk.press(SARA, "lead:1:claim", chat=STAFF_GROUP))
    assert "al opgenomen door Sara" in texts(desk.press(TOM, "lead:1:claim", chat=STAFF_GROUP))
    listed = desk.say(TOM, "/opvolging")
    assert "Open leads: 2" in texts(listed) and "opgenomen door Sara" in texts(listed)
    only_camp = desk.say(TOM, "/opvolging kamp")
    assert "#L2" in texts(only_camp) and "#L1" not in texts(only_camp)
    assert "Geen open leads" in texts(desk.say(TOM, "/opvolging 3"))
    assert "#L1 is opgevolgd" in texts(desk.press(TOM, "lead:1:done"))
    assert "Open leads: 1" in texts(desk.say(SARA, "/opvolging"))


def test_a_staff_reply_to_a_notice_reaches_the_pupil_without_the_staff_name(desk: Desk) -> None:
    desk.press(ALI, interest(desk), )
    [notice] = desk.outbox()
    done = desk.say(SARA, "Hoi Ali! Kom zaterdag om 14u naar het jeugdhuis.", chat=STAFF_GROUP,
                    first_name="Sara", reply_to=notice.text)
    assert "Doorgestuurd naar Ali" in texts(done)
    relayed = [item for item in desk.outbox() if item.chat_key == ALI]
    assert len(relayed) == 1
    assert "Een jeugdwerker schrijft je" in relayed[0].text
    assert "zaterdag om 14u" in relayed[0].text and "Sara" not in relayed[0].text
    assert "opgenomen door Sara" in texts(desk.say(SARA, "/opvolging"))


def test_the_export_is_an_excel_friendly_csv(desk: Desk) -> None:
    desk.press(ALI, interest(desk))
    assert "eigen chat" in texts(desk.say(SARA, "/export", chat=STAFF_GROUP))
    document = desk.say(SARA, "/export").replies[0].document
    assert document is not None and document.filename.endswith(".csv")
    assert document.data.startswith(b"\xef\xbb\xbf")
    header, row = document.data.decode("utf-8-sig").splitlines()[:2]
    assert header.startswith("nummer;onderwerp;voornaam")
    assert row.startswith("L1;⚽ Sport;Ali;nl;")


def test_hand_over_passes_the_typed_question_and_relays_the_answer(desk: Desk) -> None:
    offer = desk.say(ALI, "kan ik met iemand praten")
    assert "ho:yes" in payloads(offer)
    assert "Typ je vraag" in texts(desk.press(ALI, "ho:yes"))
    sent = desk.say(ALI, "Mag mijn broer ook mee naar de sporthal?")
    assert "doorgestuurd" in texts(sent)
    [notice] = desk.outbox()
    assert notice.chat_key == STAFF_GROUP and "#V1" in notice.text
    assert "Mag mijn broer ook mee" in notice.text
    assert "Mag mijn broer" in texts(desk.say(SARA, "/vragen"))
    desk.say(SARA, "Ja, dat mag!", chat=STAFF_GROUP, reply_to=notice.text)
    relayed = [item for item in desk.outbox() if item.chat_key == ALI]
    assert "Ja, dat mag!" in relayed[0].text
    assert "Geen open vragen" in texts(desk.say(SARA, "/vragen"))


def test_after_two_misses_the_offer_leads_to_the_same_hand_over(desk: Desk) -> None:
    desk.say(ALI, "qwx zzv blorp")
    second = desk.say(ALI, "qwx zzv blorp")
    if second.trace.fallback == "handover":
        assert "ho:yes" in payloads(second)
    desk.press(ALI, "ho:yes")
    assert "stuur niets door" in texts(desk.press(ALI, "ho:no"))
    assert desk.outbox() == []


def test_without_a_staff_chat_notices_go_to_each_staff_member(staff_core: Maatje,
                                                              sqlite_url: str) -> None:
    database = Database.open(sqlite_url)
    desk = Desk(staff_core, database, NOW)
    desk.make_staff(SARA, "Sara")
    desk.make_staff(TOM, "Tom")
    desk.press(ALI, interest(desk))
    assert sorted(item.chat_key for item in desk.outbox()) == [SARA, TOM]
    database.close()


def test_pupils_cannot_use_staff_commands_or_buttons(desk: Desk) -> None:
    desk.press(ALI, interest(desk))
    for command in ("/staff", "/staffchat", "/opvolging", "/export", "/vragen"):
        assert "alleen een jeugdwerker" in texts(desk.say(MINA, command)), command
    for payload in ("lead:1:claim", "lead:1:done", "lead:1:reply", "q:1:done", "lead:x", "ph:L1",
                    "ph:V1:send"):
        refused = desk.press(MINA, payload)
        assert "werkt niet" in texts(refused) and payloads(refused), payload
    notice = desk.outbox()[0]
    desk.say(MINA, "stiekem antwoord", reply_to=notice.text)
    assert [item.chat_key for item in desk.outbox()] == [STAFF_GROUP]


def test_forged_lead_buttons_from_staff_are_refused_politely(desk: Desk) -> None:
    assert "bestaat niet" in texts(desk.press(SARA, "lead:999:claim"))
    assert "werkt niet" in texts(desk.press(SARA, "lead:abc:claim"))
    forged = desk.press(ALI, "int:ok:sport:<b>x</b>")
    assert "werkt niet" in texts(forged) and payloads(forged)


def test_maatje_ask_without_a_database_answers_interest_and_keeps_nothing(
    staff_core: Maatje,
) -> None:
    asked = staff_core.handle(Incoming("ask:1", Kind.TEXT, text="ik wil meedoen"), ONBOARDED)
    assert asked.outcome.trace.intent == "register_interest"
    assert any(p.startswith("int:t:") for r in asked.outcome.replies for p in
               (b.payload for b in r.buttons))
    pressed = staff_core.handle(Incoming("ask:1", Kind.BUTTON, payload="int:ok:sport"), ONBOARDED)
    assert "niet bewaren" in pressed.outcome.replies[0].text


def test_maatje_leads_export_writes_the_same_csv(desk: Desk, tmp_path, capsys) -> None:
    from bot.cli import main

    desk.press(ALI, interest(desk))
    out = tmp_path / "leads.csv"
    assert main(["leads", "--db", desk.database.url, "export", "--csv", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b";" in data
    assert "L1;⚽ Sport;Ali" in data.decode("utf-8-sig")


def test_an_unclaimed_lead_is_reminded_once(desk: Desk) -> None:
    from datetime import timedelta

    from bot.features.leads import remind_unclaimed
    from bot.scheduler import job_context

    desk.press(ALI, interest(desk))
    desk.press(MINA, interest(desk, MINA))
    desk.press(SARA, "lead:2:claim", chat=STAFF_GROUP)

    def remind() -> int:
        with desk.database.session() as session:
            ctx = job_context(desk.core.content, session, desk.now)
            return remind_unclaimed(ctx, timedelta(hours=24))

    assert remind() == 0
    desk.later(hours=25)
    assert remind() == 1
    reminder = desk.outbox()[-1]
    assert reminder.chat_key == STAFF_GROUP and "Nog niemand nam #L1 op" in reminder.text
    desk.later(hours=25)
    assert remind() == 0


def test_the_age_is_asked_once_and_under_13_nothing_is_kept(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True)
    asked = desk.press(ALI, interest(desk))
    assert "Hoe oud ben je" in texts(asked)
    under, over = payloads(asked)
    assert under.startswith("int:age:u13:sport:") and over.startswith("int:age:13+:sport:"), (
        "each with the minute it was shown")
    young = desk.press(ALI, under)
    assert "jonger dan 13" in texts(young)
    assert "jonger dan 13" in texts(desk.press(ALI, interest(desk)))
    assert "jonger dan 13" in texts(desk.press(ALI, "ho:yes"))
    assert desk.outbox() == []
    older = desk.press(MINA, interest(desk, MINA))
    assert "Bewaard" in texts(desk.press(MINA, payloads(older)[1]))
    assert "Typ je vraag" in texts(desk.press(MINA, "ho:yes")), "asked once"


def test_staff_viewing_and_exporting_leads_is_audited(desk: Desk) -> None:
    from sqlalchemy import select

    from storage.models import AuditEntry, User

    desk.press(ALI, interest(desk))
    desk.say(SARA, "/opvolging")
    desk.say(SARA, "/export")
    desk.say(SARA, "/vragen")
    with desk.database.session() as session:
        entries = list(session.scalars(select(AuditEntry)))
        ali = session.scalar(select(User.id).where(User.channel_key == ALI))
    actions = [(e.actor_key, e.action) for e in entries]
    assert actions == [(SARA, "leads.view"), (SARA, "leads.export"), (SARA, "questions.view")]
    assert [e.subject_key for e in entries] == [f"u:{ali}", f"u:{ali}", None], (
        "whose data was seen, by internal id; an empty list has no subject")


def test_statistics_are_a_chart_of_counts_only(desk: Desk) -> None:
    for text in ("wat neem ik mee naar het kamp", "wanneer is het kamp", "ik wil meedoen"):
        desk.say(MINA, text)
    desk.press(ALI, interest(desk))
    desk.press(SARA, "lead:1:done")
    desk.say(ALI, "kan ik met iemand praten")
    desk.press(ALI, "ho:yes")
    desk.say(ALI, "Mag mijn zus ook mee?")
    desk.later(days=8)
    shown = desk.say(SARA, "/statistiek")
    document = shown.replies[0].document
    assert document is not None and document.data.startswith(b"\x89PNG")
    caption = texts(shown)
    assert "1 nieuwe lead, 1 opgevolgd, 1 open vraag." in caption
    assert "Ali" not in caption and "Mina" not in caption
    assert "alleen een jeugdwerker" in texts(desk.say(MINA, "/statistiek"))


def test_statistics_count_only_what_pupils_and_parents_asked(desk: Desk) -> None:
    """Not staff commands, not a youth worker trying Maatje out, not the welcome's taps, not
    a change of language: before, "Taal" was the top topic."""
    from storage.stats import StatsRepository

    for command in ("/opvolging", "/vragen", "/statistiek"):
        desk.say(SARA, command)
    desk.say(SARA, "wanneer is het kamp")
    desk.say(MINA, "/start")
    desk.press(MINA, "lang:ar")
    desk.press(MINA, "role:parent")
    desk.press(MINA, "lang:nl")
    desk.say(MINA, "ik wil een andere taal")
    desk.say(MINA, "wat neem ik mee naar het kamp")
    desk.press(ALI, "i:camp_info")
    with desk.database.session() as session:
        stats = StatsRepository(session).weekly(desk.now, 6)
    assert sum(stats.questions) == 2
    assert {topic for topic, _ in stats.topics} <= {"camp_info", "camp_packing"}
    caption = texts(desk.say(SARA, "/statistiek"))
    assert "2 vragen, 0 nieuwe leads, 0 opgevolgd, 0 open vragen." in caption


def test_camp_list_checklist_and_one_medical_form_reminder(desk: Desk) -> None:
    from datetime import datetime, timedelta

    from bot.features.camp import remind_medical_form
    from bot.scheduler import job_context

    desk.press(MINA, interest(desk, MINA, "camp"))
    desk.press(ALI, interest(desk, ALI, "camp"))
    notice, signed, _, _ = desk.outbox()
    assert "lead:1:camp" in [b.payload for b in notice.buttons]
    assert "#K1: Ali staat op de kamplijst (ingeschreven in Maatje" in signed.text, (
        "on the list at once")
    assert "#K1" in texts(desk.press(SARA, "lead:1:camp"))
    assert "#K2" in texts(desk.press(SARA, "lead:2:camp"))
    listed = desk.say(SARA, "/kamp")
    assert "Kamplijst: 2 leerlingen, 0 in orde" in texts(listed)
    assert "⬜ Medische fiche" in texts(listed)
    ticked = desk.press(SARA, "kamp:2:medical")
    assert "✅ Medische fiche" in texts(ticked)
    assert "werkt niet" in texts(desk.press(MINA, "kamp:1:medical"))

    def remind() -> int:
        with desk.database.session() as session:
            ctx = job_context(desk.core.content, session, desk.now)
            return remind_medical_form(ctx, timedelta(days=7))

    assert remind() == 0, "too early"
    desk.now = datetime(2027, 6, 12, 10, 0, tzinfo=UTC)
    before = len(desk.outbox())
    assert remind() == 1
    reminder = desk.outbox()[before]
    assert reminder.chat_key == MINA and "medische fiche" in reminder.text
    assert [b.payload for b in reminder.buttons] == ["i:camp_medical_form"]
    assert reminder.file_kind == "attachment" and reminder.file_id.endswith(".pdf"), "the form too"
    assert remind() == 0, "once"
