"""A pupil in danger, helped all the way: the question she can answer, the alert, the case.

Core + database (SQLite and PostgreSQL); the end-to-end run through Telegram's HTTP layer
is in tests/e2e/test_safeguarding_e2e.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.dialogue import Maatje
from bot.core.hours import WorkingHours
from bot.core.state import UserState
from bot.features import safeguarding
from bot.scheduler import job_context
from storage.db import Database
from storage.models import SafeguardingCaseRow
from storage.outbox import UNSEND
from tests.staffdesk import Desk, payloads, texts

#: A Wednesday afternoon in Brussels (13:00 UTC = 14:00 there).
NOW = datetime(2026, 12, 9, 13, 0, tzinfo=UTC)
SARA, TOM = "tg:501", "tg:502"
ALI, MINA = "tg:901", "tg:902"
STAFF_GROUP = "tg:-1001"
DANGER = "mijn papa slaat mij elke avond"


def _desk(core: Maatje, url: str, staff: bool = True) -> Desk:
    desk = Desk(core, Database.open(url), NOW)
    if staff:
        desk.make_staff(SARA, "Sara")
        desk.make_staff(TOM, "Tom")
        desk.say(SARA, "/staffchat", chat=STAFF_GROUP)
    desk.outbox_seen = set()  # type: ignore[attr-defined]
    return desk


@pytest.fixture
def desk(staff_core: Maatje, database_url: str) -> Iterator[Desk]:
    desk = _desk(staff_core, database_url)
    yield desk
    desk.database.close()


def new_notices(desk: Desk) -> list:  # type: ignore[type-arg]
    """Outbox rows queued since the last call."""
    seen: set[int] = desk.outbox_seen  # type: ignore[attr-defined]
    rows = [row for row in desk.outbox() if row.id not in seen]
    seen.update(row.id for row in rows)
    return rows


def cases(desk: Desk) -> list[SafeguardingCaseRow]:
    with desk.database.session() as session:
        rows = session.query(SafeguardingCaseRow).order_by(SafeguardingCaseRow.id).all()
        session.expunge_all()
        return rows


def run_jobs(desk: Desk) -> None:
    with desk.database.session() as session:
        safeguarding.realert(job_context(desk.core.content, session, desk.now),
                             every=timedelta(minutes=15), limit=3)


def test_danger_shows_help_lines_then_a_question_with_buttons(desk: Desk) -> None:
    answer = desk.say(ALI, DANGER)
    text = texts(answer)
    assert text.startswith("🆘") and "112" in text and "102" in text
    assert text.index("112") < text.index("Zal ik een jeugdwerker laten weten")
    assert payloads(answer)[:2] == ["sg:yes", "sg:no"]
    links = [b.url for reply in answer.replies for b in reply.buttons if b.url]
    assert links and all(link.startswith("https://") for link in links)
    assert new_notices(desk) == [], "nothing reaches staff before she says yes"


@pytest.mark.parametrize("typed", ["ja", "jaa graag", "ok", "👍", "oui", "نعم", "так", "evet",
                                   "haa", "እወ", "Ja!!", "yes please"])
def test_a_typed_yes_alerts_every_youth_worker_and_the_staff_chat(
    desk: Desk, typed: str
) -> None:
    desk.say(ALI, DANGER)
    told = desk.say(ALI, typed)
    assert "Ik laat een jeugdwerker weten" in texts(told)
    alerts = new_notices(desk)
    assert sorted(a.chat_key for a in alerts) == sorted([SARA, TOM, STAFF_GROUP])
    for alert in alerts:
        assert "🆘" in alert.text and "#H1" in alert.text and "Ali" in alert.text
        assert DANGER in alert.text
        assert [b.payload for b in alert.buttons] == ["sg:claim:1"]


def test_no_keeps_nothing_and_passes_nothing_on(desk: Desk) -> None:
    desk.say(ALI, DANGER)
    assert len(cases(desk)) == 1
    declined = desk.say(ALI, "nee")
    assert "Je kan altijd opnieuw schrijven" in texts(declined)
    assert cases(desk) == [] and new_notices(desk) == []


def test_retyping_the_danger_message_does_not_loop(desk: Desk) -> None:
    first = desk.say(ALI, DANGER)
    again = desk.say(ALI, "hij slaat mij echt, ik ben bang")
    assert texts(again) != texts(first)
    assert "112" in texts(again) and "Druk dan op ✅ Ja" in texts(again)
    assert payloads(again)[:2] == ["sg:yes", "sg:no"]
    desk.say(ALI, "ja")
    [alert, *_] = new_notices(desk)
    assert DANGER in alert.text and "ik ben bang" in alert.text


def test_the_first_claim_wins_and_her_messages_go_to_that_youth_worker(desk: Desk) -> None:
    desk.say(ALI, DANGER)
    desk.press(ALI, "sg:yes")
    new_notices(desk)
    claimed = desk.press(SARA, "sg:claim:1", chat=STAFF_GROUP)
    assert "Sara neemt #H1 op" in texts(claimed)
    notices = {n.chat_key: n for n in new_notices(desk)}
    assert "Jij neemt #H1 op" in notices[SARA].text and DANGER in notices[SARA].text
    assert "Sara neemt #H1 op" in notices[TOM].text
    assert "Een jeugdwerker heeft je bericht gelezen" in notices[ALI].text
    late = desk.press(TOM, "sg:claim:1")
    assert "Sara nam #H1 al op" in texts(late)

    passed = desk.say(ALI, "kan je mij bellen na school?")
    assert "Doorgestuurd" in texts(passed) and "sos" in payloads(passed)
    [to_sara] = new_notices(desk)
    assert to_sara.chat_key == SARA and "#H1" in to_sara.text and "bellen" in to_sara.text

    desk.say(SARA, "Ik bel je om 16 uur.", reply_to=notices[SARA].text)
    [to_ali] = new_notices(desk)
    assert to_ali.chat_key == ALI and "Ik bel je om 16 uur." in to_ali.text
    assert "Sara" not in to_ali.text, "the youth worker's name stays hidden"

    closed = desk.press(SARA, "sg:close:1")
    assert "#H1 is afgesloten" in texts(closed)
    [told] = new_notices(desk)
    assert told.chat_key == ALI and "gesloten" in told.text
    after = desk.say(ALI, "wanneer is het kamp?")
    assert "Doorgestuurd" not in texts(after)


def test_nobody_claims_so_staff_are_alerted_again_and_she_is_told(desk: Desk) -> None:
    desk.say(ALI, DANGER)
    desk.press(ALI, "sg:yes")
    new_notices(desk)
    desk.later(minutes=10)
    run_jobs(desk)
    assert new_notices(desk) == [], "not before the set time"
    for round_ in (1, 2, 3):
        desk.later(minutes=15)
        run_jobs(desk)
        notices = new_notices(desk)
        assert sorted(n.chat_key for n in notices) == sorted([SARA, TOM, STAFF_GROUP, ALI])
        staff = next(n for n in notices if n.chat_key == SARA)
        assert f"NOG NIET OPGENOMEN ({round_}/3)" in staff.text
        pupil = next(n for n in notices if n.chat_key == ALI)
        assert "Nog niemand heeft geantwoord" in pupil.text and "112" in pupil.text
    desk.later(minutes=15)
    run_jobs(desk)
    assert new_notices(desk) == [], "at most three times"


def test_a_pupil_under_13_is_alerted_the_same(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True, age_band="u13")
    desk.say(MINA, "ik wil niet meer leven")
    told = desk.say(MINA, "ja")
    assert "Ik laat een jeugdwerker weten" in texts(told)
    assert "inschrijven" not in texts(told)
    assert len(new_notices(desk)) == 3


def test_with_no_staff_at_all_she_is_told_and_given_the_help_lines(
    staff_core: Maatje, database_url: str
) -> None:
    desk = _desk(staff_core, database_url, staff=False)
    try:
        desk.say(ALI, DANGER)
        told = desk.say(ALI, "ja")
        assert "geen jeugdwerker bij Maatje" in texts(told) and "112" in texts(told)
        assert "doorgestuurd" not in texts(told).lower()
        assert desk.outbox() == [] and cases(desk) == []
    finally:
        desk.database.close()


def test_outside_working_hours_she_is_told_when_someone_will_read_it(desk: Desk) -> None:
    desk.core = replace(desk.core, safeguarding_hours=WorkingHours.parse("ma-vr 09:00-17:00"))
    desk.now = datetime(2026, 12, 12, 21, 0, tzinfo=UTC)  # Saturday evening
    desk.say(ALI, DANGER)
    told = desk.press(ALI, "sg:yes")
    assert "buiten de werkuren" in texts(told)
    assert "maandag 14 december, om 9.00 uur" in texts(told)
    assert "112" in texts(told)
    assert len(new_notices(desk)) == 3, "staff are alerted all the same"


def test_outside_working_hours_in_arabic_the_time_stays_one_unit(desk: Desk) -> None:
    desk.core = replace(desk.core, safeguarding_hours=WorkingHours.parse("ma-vr 09:00-17:00"))
    desk.new_user = UserState(onboarded=True, age_band="13+", language="ar")
    desk.now = datetime(2026, 12, 12, 21, 0, tzinfo=UTC)  # Saturday evening
    desk.say(ALI, DANGER)
    told = desk.press(ALI, "sg:yes")
    arabic = told.replies[0].text.split("\n\n")[1]
    assert "\u2068الاثنين، 14 ديسمبر\u2069" in arabic and "\u206809:00\u2069" in arabic, \
        "the day and the time each read as one unit in right-to-left text"


def test_forgetting_closes_an_open_case_and_tells_staff_by_reference(desk: Desk) -> None:
    desk.say(ALI, DANGER)
    desk.press(ALI, "sg:yes")
    new_notices(desk)
    confirm = desk.say(ALI, "/vergeet")
    desk.press(ALI, next(p for p in payloads(confirm) if p.startswith("vergeet:ja")))
    assert cases(desk) == []
    erased = [n for n in new_notices(desk) if n.file_kind != UNSEND]
    assert erased and all("#H1 is gewist" in n.text and "Ali" not in n.text for n in erased)


def test_in_a_class_group_help_lines_and_a_private_link_but_no_question(desk: Desk) -> None:
    answer = desk.say(ALI, DANGER, chat="tg:-2002")
    assert "112" in texts(answer) and "privé" in texts(answer)
    assert "sg:yes" not in payloads(answer)
    assert cases(desk) == []


def test_arabic_help_lines_start_each_line_right_to_left(desk: Desk) -> None:
    answer = desk.say(ALI, "أبي يضربني كل يوم")
    arabic = texts(answer).split("\n\n")[1]
    assert all(line.startswith("\u200f") for line in arabic.split("\n") if line)
    dutch = texts(answer).split("\n\n")[0]
    assert dutch.index("102") < dutch.index("103"), "Dutch-speaking lines first for others"


def test_a_french_reader_sees_the_french_lines_first(desk: Desk) -> None:
    answer = desk.say(ALI, "mon père me frappe tous les soirs")
    french = texts(answer).split("\n\n")[1]
    assert french.index("103") < french.index("102")
    assert "en français" in french and "en néerlandais" in french


def test_a_web_visitor_without_a_name_is_named_by_where_she_wrote_from(desk: Desk) -> None:
    """The web chat gives no first name: staff read "🌐 iemand in de webchat", not "?"."""
    visitor = "web:3f2a9c"
    desk.say(visitor, DANGER, first_name="")
    desk.say(visitor, "ja", first_name="")
    alerts = new_notices(desk)
    assert alerts and all("🌐 iemand in de webchat" in alert.text for alert in alerts)
    assert all(": ? (" not in alert.text for alert in alerts)
