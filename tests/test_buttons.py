"""Button payloads: one codec per prefix; what is built is read back, what is not is refused.

Payloads already in people's chats were built by older versions of Maatje: the ones that
still mean something are read as before, the rest get "this button does not work (any
more)" and change nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.dialogue import CONFIRM, Confirmation, Maatje
from bot.core.payloads import (
    HANDOVER_NO,
    HANDOVER_YES,
    INTENT,
    MAX_BYTES,
    Choice,
    Codec,
    Fixed,
    IntentRequest,
    Match,
    Number,
)
from bot.features import (
    absence,
    activities,
    activity_staff,
    broadcast,
    camp,
    camp_info,
    camp_parent,
    camp_permission,
    camp_sheet,
    club_join,
    consent,
    groups,
    handover,
    interest,
    onboarding,
    packing,
    parent_child,
    phrasebook,
    privacy,
    registry,
    safeguarding,
    subscriptions,
    voice,
)
from bot.features.kit.buttons import FORM, LANGUAGE, LEAD, LeadButton, Picked
from bot.features.kit.gate import CONSENT, ConsentAnswer
from content.loader import load_content
from storage.db import Database
from tests.staffdesk import Desk, payloads, texts
from tests.test_bad_input import FIXED_EXAMPLES

FEATURE_CODECS: tuple[Codec[Any], ...] = (
    LANGUAGE, onboarding.ROLE, onboarding.SETTINGS, CONSENT, consent.AGE, interest.BUTTON,
    subscriptions.BUTTON, handover.BUTTON, handover.QUESTION, groups.LEAVE, LEAD, camp.BUTTON,
    broadcast.BUTTON, camp_parent.BUTTON, camp_permission.BUTTON, activity_staff.BUTTON,
    activities.CALENDAR, activities.COME, absence.ABSENCE,
    camp_info.QUESTION, club_join.CLUB, packing.PICTURE, privacy.FORGET, safeguarding.BUTTON,
    FORM, camp_sheet.BUTTON, parent_child.BUTTON, voice.BUTTON, phrasebook.BUTTON,
)
#: The core's own: "answer this topic" (``i:``), "yes, do what I typed" (``ok:``); "help
#: lines now" (``sos``) is one word.
CODECS = (INTENT, CONFIRM, *FEATURE_CODECS)
STALE = "Deze knop werkt niet"
NOW = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)
ALI, SARA = "tg:901", "tg:501"


def _part(part: Fixed | Choice | Number | Match) -> st.SearchStrategy[object]:
    if isinstance(part, Fixed):
        return st.just(part.word)
    if isinstance(part, Choice):
        found: st.SearchStrategy[object] = st.sampled_from(part.options)
    elif isinstance(part, Number):
        found = st.integers(0, part.base ** part.digits - 1)
    else:
        found = st.from_regex(part.pattern, fullmatch=True)
    return st.one_of(st.none(), found) if part.optional else found


@st.composite
def _values(draw: st.DrawFn, codec: Codec[Any]) -> object:
    """A value one of the codec's layouts can carry."""
    layout = draw(st.sampled_from(codec.layouts))
    found: dict[str, object] = {}
    for part in layout:
        value = draw(_part(part))
        if value is None:
            break  # an optional part left out leaves out the ones after it
        if not isinstance(part, Fixed) or part.field is not None:
            found[part.field or ""] = value
    return codec.make(**found)


@st.composite
def _codec_and_value(draw: st.DrawFn) -> tuple[Codec[Any], object]:
    codec = draw(st.sampled_from(CODECS))
    return codec, draw(_values(codec))


def test_every_registered_button_prefix_has_one_codec() -> None:
    prefixes = [codec.prefix for codec in CODECS]
    assert len(prefixes) == len(set(prefixes)), "one codec per prefix"
    assert set(registry().buttons) == {codec.prefix for codec in FEATURE_CODECS}, (
        "every button a feature answers is typed")


@settings(max_examples=1500, deadline=None, database=None, derandomize=FIXED_EXAMPLES)
@given(_codec_and_value())
def test_every_payload_fits_in_64_bytes_and_reads_back_as_built(
    codec_and_value: tuple[Codec[Any], object],
) -> None:
    codec, value = codec_and_value
    payload = codec.build(value)
    assert len(payload.encode()) <= MAX_BYTES, payload
    assert codec.parse(payload) == value, payload


@settings(max_examples=1500, deadline=None, database=None, derandomize=FIXED_EXAMPLES)
@given(st.sampled_from(CODECS), st.lists(st.one_of(
    st.sampled_from(["", "0", "01", "1", "42", "-1", "yes", "no", "a", "g", "age", "u13", "13+",
                     "ok", "t", "sport", "all", "group", "lang", "ar", "xx", "💥", "new", "ja"]),
    st.text(max_size=8)), max_size=5))
def test_a_payload_is_either_refused_or_exactly_what_its_codec_builds(
    codec: Codec[Any], parts: list[str],
) -> None:
    """Never a guess: a forged or damaged payload is not read as some other button."""
    payload = ":".join([codec.prefix, *parts])
    value = codec.parse(payload)
    assert value is None or codec.build(value) == payload, payload


def test_buttons_built_from_the_content_fit() -> None:
    """Every club, parent question and place in the content makes a readable payload."""
    content = load_content()
    for club in content.clubs:
        assert club_join.CLUB.parse(club_join.CLUB.build(Picked(club.id))) == Picked(club.id)
    for question in content.camp.parent_questions if content.camp else ():
        assert camp_info.QUESTION.build(Picked(question.id))
    for place in content.places.values():
        assert activity_staff.BUTTON.build(activity_staff.ActivityButton("p", 1, place.id))
    for activity in content.activities:
        assert activities.COME.build(activities.ComeButton("age", activity.id, "13+", 0x1C4B2F0))


#: Payloads built by Maatje before typed payloads, and what they mean today.
OLD_PAYLOADS: dict[str, tuple[Codec[Any], object]] = {
    "i:camp_info": (INTENT, IntentRequest("camp_info")),
    "i:camp_info:ar": (INTENT, IntentRequest("camp_info", "ar")),
    "ok:unsubscribe": (CONFIRM, Confirmation("unsubscribe")),
    "ok:no": (CONFIRM, Confirmation("no")),
    "ho:send": (handover.BUTTON, handover.HandoverButton("send")),
    "lang:ar": (LANGUAGE, Picked("ar")),
    "role:parent": (onboarding.ROLE, Picked("parent")),
    "set:lang": (onboarding.SETTINGS, Picked("lang")),
    "consent:contact:yes": (CONSENT, ConsentAnswer("contact", "yes")),
    "age:u13:announcements:1c4b2f0": (consent.AGE, consent.AgeAnswer("u13", "announcements", 0x1C4B2F0)),
    "age:13+::1c4b2f0": (consent.AGE, consent.AgeAnswer("13+", "", 0x1C4B2F0)),
    "int:t:sport": (interest.BUTTON, interest.InterestButton("t", "sport")),
    "int:ok:sport": (interest.BUTTON, interest.InterestButton("ok", "sport")),
    "int:ok:sport:boksen": (interest.BUTTON, interest.InterestButton("ok", "sport", "boksen")),
    "int:no": (interest.BUTTON, interest.InterestButton("no")),
    "int:age:13+:camp:1c4b2f0": (
        interest.BUTTON, interest.InterestButton("age", "camp", None, "13+", 0x1C4B2F0)),
    "int:age:u13:sport:boksen:1c4b2f0": (
        interest.BUTTON, interest.InterestButton("age", "sport", "boksen", "u13", 0x1C4B2F0)),
    "sub:on": (subscriptions.BUTTON, subscriptions.SubscribeButton("on")),
    "sub:on:okan-3a": (subscriptions.BUTTON, subscriptions.SubscribeButton("on", "okan-3a")),
    "sub:off": (subscriptions.BUTTON, subscriptions.SubscribeButton("off")),
    "sub:age:u13:1c4b2f0": (
        subscriptions.BUTTON, subscriptions.SubscribeButton("age", None, "u13", 0x1C4B2F0)),
    "sub:age:u13:okan-3a:1c4b2f0": (
        subscriptions.BUTTON, subscriptions.SubscribeButton("age", "okan-3a", "u13", 0x1C4B2F0)),
    HANDOVER_YES: (handover.BUTTON, handover.HandoverButton("yes")),
    HANDOVER_NO: (handover.BUTTON, handover.HandoverButton("no")),
    "ho:age:13+:1c4b2f0": (handover.BUTTON, handover.HandoverButton("age", "13+", 0x1C4B2F0)),
    "q:7:done": (handover.QUESTION, handover.QuestionButton(7)),
    "grp:leave:okan-3a": (groups.LEAVE, groups.LeaveButton("leave", "okan-3a")),
    "grp:pick": (groups.LEAVE, groups.LeaveButton("pick")),
    "grp:stay": (groups.LEAVE, groups.LeaveButton("stay")),
    "lead:5:claim": (LEAD, LeadButton(5, "claim")),
    "lead:5:g:okan-3a": (LEAD, LeadButton(5, "g", "okan-3a")),
    "kamp:3:medical": (camp.BUTTON, camp.CampButton(3, "medical")),
    "kamp:3:parent": (camp.BUTTON, camp.CampButton(3, "parent")),
    "bc:2:a:group:okan-3a": (broadcast.BUTTON, broadcast.BroadcastButton(2, "a", "group:okan-3a")),
    "bc:2:a:role:parent": (broadcast.BUTTON, broadcast.BroadcastButton(2, "a", "role:parent")),
    "bc:2:tl:ar": (broadcast.BUTTON, broadcast.BroadcastButton(2, "tl", "ar")),
    "bc:2:send": (broadcast.BUTTON, broadcast.BroadcastButton(2, "send")),
    "act:new": (activity_staff.BUTTON, activity_staff.ActivityButton("new")),
    "act:4:d:20261219": (activity_staff.BUTTON, activity_staff.ActivityButton("d", 4, "20261219")),
    "act:4:f:place": (activity_staff.BUTTON, activity_staff.ActivityButton("f", 4, "place")),
    "act:4:nodesc": (activity_staff.BUTTON, activity_staff.ActivityButton("nodesc", 4)),
    "kom:y:st-4": (activities.COME, activities.ComeButton("y", "st-4")),
    "kom:age:13+:ics-0a1b2c3d4e:1c4b2f0": (
        activities.COME, activities.ComeButton("age", "ics-0a1b2c3d4e", "13+", 0x1C4B2F0)),
    "ouder:3:ja": (camp_parent.BUTTON, camp_parent.ParentButton(3, "ja")),
    "ouder:3:stop": (camp_parent.BUTTON, camp_parent.ParentButton(3, "stop")),
    "perm:3:ja": (camp_permission.BUTTON, camp_permission.PermissionButton(3, "ja")),
    "perm:3:stop": (camp_permission.BUTTON, camp_permission.PermissionButton(3, "stop")),
    "ics:st-4": (activities.CALENDAR, Picked("st-4")),
    "cq:ziek": (camp_info.QUESTION, Picked("ziek")),
    "club:boxing-anderlecht": (club_join.CLUB, Picked("boxing-anderlecht")),
    "pic:packing": (packing.PICTURE, Picked("packing")),
    "vergeet:ja:1c4b2f0": (privacy.FORGET, privacy.ForgetButton("ja", 0x1C4B2F0)),
    "vergeet:nee": (privacy.FORGET, privacy.ForgetButton("nee")),
    "sg:yes": (safeguarding.BUTTON, safeguarding.SafeguardingButton("yes")),
    "sg:claim:9": (safeguarding.BUTTON, safeguarding.SafeguardingButton("claim", 9)),
    "vc:yes": (voice.BUTTON, voice.VoiceButton("yes")),
    "vc:type": (voice.BUTTON, voice.VoiceButton("type")),
}
#: Payloads an older Maatje answered (or forgers tried) that no button builds: refused.
REFUSED = ["i:drop_tables", "i:help:xx", "i:help:ar:x",
           "lang:xx", "role:boss", "int:zzz", "int", "int:t:camp:extra", "sub:on:", "sub:on:A B",
           "lead:x", "lead:05:claim", "lead:1:g:ÄÖ", "kamp:1:paid:x", "bc:1:zzz", "bc:1:a",
           "bc:1:a:everyone", "bc:1:tl:xx", "act:1:zzz", "act:1:menu:extra", "act:1:d:2026",
           "kom:maybe:st-1", "ics:", "cq:", "club:Boks!", "pic:other", "vergeet:ja:zz",
           "sg:claim:x", "consent:contact:maybe", "age:u12:contact", "grp:leave:", "q:1:open",
           "ouder:3:misschien", "ouder:x:ja", "ok:drop", "ok:", "vc:no", "vc:yes:1", "vc:",
           # age buttons shown before they carried the minute they were shown
           "age:u13:announcements", "age:13+:", "int:age:13+:camp", "sub:age:u13:okan-3a",
           "ho:age:13+", "kom:age:13+:ics-0a1b2c3d4e",
           # the staff phrasebook: a safeguarding case, a zero id, a bad phrase or hour
           "ph:H1", "ph:V0", "ph:L01", "ph:V1:p:Bad!", "ph:L1:t:18", "ph:V1:zzz", "ph:V1:d:2026"]


@pytest.mark.parametrize("payload", sorted(OLD_PAYLOADS))
def test_old_payloads_mean_what_they_meant(payload: str) -> None:
    codec, meant = OLD_PAYLOADS[payload]
    assert codec.parse(payload) == meant
    assert codec.build(meant) == payload, "the same payload is still built"


@pytest.mark.parametrize("payload", REFUSED)
def test_payloads_no_button_builds_are_refused(payload: str) -> None:
    codec = next(c for c in CODECS if c.prefix == payload.partition(":")[0])
    assert codec.parse(payload) is None


@pytest.fixture
def desk(staff_core: Maatje, sqlite_url: str) -> Iterator[Desk]:
    database = Database.open(sqlite_url)
    desk = Desk(staff_core, database, NOW)
    desk.make_staff(SARA, "Sara")
    yield desk
    database.close()


def test_refused_payloads_in_chats_get_the_stale_answer_and_change_nothing(desk: Desk) -> None:
    """Pressed by a pupil and by a youth worker: the stale answer with fresh buttons, and
    nothing is queued for anyone."""
    for who in (ALI, SARA):
        for payload in REFUSED:
            desk.later(minutes=1)  # not a flood
            outcome = desk.press(who, payload)
            assert STALE in texts(outcome) and payloads(outcome), payload
    assert desk.outbox() == [], "no refused button told anyone anything"


def test_old_payloads_in_chats_answer_without_an_error(desk: Desk) -> None:
    """With nothing (or something else) behind their ids, every old button gets an answer."""
    for who in (ALI, SARA):
        for payload in OLD_PAYLOADS:
            desk.later(minutes=1)
            outcome = desk.press(who, payload)
            assert outcome.replies, payload
            assert all(reply.text or reply.document for reply in outcome.replies), payload
