"""The staff phrasebook: a youth worker answers a pupil with a quick reply in her language.

Under a passed-on question (``#V3``) or a lead notice (``#L5``), "⚡ Snel antwoord" lists
the phrases of ``phrases.yaml``. A phrase with a slot asks for a time, a day or a place,
with buttons (the activity wizard's days, hours and places) or typed in the forms the
broadcast wizard and the activity wizard read ("18:00", "morgen 18:00", "24/12",
"zaterdag"). A preview shows what the pupil gets, in Dutch and in her language, before
"✅ Ja, versturen" puts it in the outbox. Text typed at the list instead is the youth
worker's own words, previewed the same way (in the staff group she may have meant them
for a colleague), and sent in Dutch with a note (see :mod:`bot.features.relay`).

The youth worker's choice so far waits in her pending input (``ph_pick``, ``ph_slot``,
``ph_send``): only the question asked last can be answered, so an old button does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.core.features import Context, Features, Step, Surroundings
from bot.core.inputports import Expected
from bot.core.messages import Button, Kind
from bot.core.payloads import Choice, Codec, Fixed, Match
from bot.core.render import BLOCK_SEPARATOR
from bot.core.staffports import StaffMember
from bot.core.typed import typed_answer
from bot.features import relay
from bot.features.activity_staff import (
    button_day,
    day_buttons,
    hour_buttons,
    parse_clock,
    parse_day,
    place_buttons,
)
from bot.features.broadcast import parse_when
from bot.features.kit.buttons import CONTENT_ID, typed
from bot.features.kit.languages import language_name, plan_for
from bot.features.staffkit import staff_button, staff_buttons, staff_reply, staff_text, step
from content.bidi import fill
from content.dates import format_clock, format_day
from content.loader import Content
from content.phrases import PHRASE_ID, Phrase

EXPECT = "ph_"
PICK = "ph_pick"
SLOT = "ph_slot"
SEND = "ph_send"
#: A lead or a passed-on question: what a staff member may answer with a phrase.
REF = r"[LV][1-9]\d{0,8}"
#: The slot a value button answers: ``t`` an hour, ``d`` a day, ``pl`` a place.
SLOT_ACTIONS = {"t": "time", "d": "day", "pl": "place"}
PLACE_LIMIT = 100
MINUTE = "%Y%m%d%H%M"
#: The "phrase" of words the youth worker typed herself (no phrase id starts with ``_``).
OWN = "_own"
#: The preview's answers (``phrase_send`` in questions.yaml) and the actions they press.
YES_NO = (("yes", "send"), ("no", "stop"))


@dataclass(frozen=True)
class PhraseButton:
    """``ph:<ref>`` (the list), ``ph:<ref>:p:<phrase>``, ``ph:<ref>:t|d|pl:<value>`` (a
    slot's value), ``ph:<ref>:send|stop``."""

    ref: str
    action: str | None = None
    value: str | None = None


BUTTON = Codec("ph", PhraseButton, (
    (Match("ref", REF),),
    (Match("ref", REF), Choice("action", ("send", "stop"))),
    (Match("ref", REF), Fixed("p", "action"), Match("value", PHRASE_ID)),
    (Match("ref", REF), Fixed("t", "action"), Match("value", r"\d{4}")),
    (Match("ref", REF), Fixed("d", "action"), Match("value", r"\d{8}")),
    (Match("ref", REF), Fixed("pl", "action"), Match("value", CONTENT_ID)),
))


def _payload(ref: str, action: str | None = None, value: str | None = None) -> str:
    return BUTTON.build(PhraseButton(ref, action, value))


def open_button(ctx: Surroundings, ref: str) -> Button | None:
    """"⚡ Snel antwoord" under a notice, when the content has phrases."""
    return staff_button(ctx, "staff.phrase.open", _payload(ref)) if ctx.content.phrases else None


# --- what the pupil reads ---------------------------------------------------------------


def slot_text(content: Content, value: str, lang: str, today: date) -> str:
    """A slot's value written for a reader of ``lang``: "18.00 uur", "zaterdag 12 december"."""
    kind, _, raw = value.partition(":")
    if kind == "t":
        moment = datetime.strptime(raw, MINUTE).replace(tzinfo=content.zone)
        clock = format_clock(moment, lang)
        if moment.date() == today:
            return content.ui_text("phrase.slot.time", lang, clock=clock)
        return content.ui_text("phrase.slot.time_day", lang, clock=clock,
                               day=format_day(moment.date(), lang))
    if kind == "d":
        return format_day(datetime.strptime(raw, "%Y%m%d").date(), lang)
    place = content.place(raw) if kind == "p" else None
    return place.name if place else raw


def phrase_text(content: Content, phrase: Phrase, value: str, language: str, today: date) -> str:
    """The phrase in Dutch, then in the pupil's language, each with its own slot value."""
    blocks = plan_for(language).blocks
    return BLOCK_SEPARATOR.join(
        fill(phrase.text.get(lang),
             {phrase.slot: slot_text(content, value, lang, today)} if phrase.slot else {}, lang)
        for lang in blocks)


# --- the buttons --------------------------------------------------------------------------


@staff_buttons
def on_button(ctx: Context, member: StaffMember, button: PhraseButton) -> Step:
    """``ph:<ref>[:<action>[:<value>]]``, for any staff member; a step goes on only for the
    one who took the one before."""
    found = relay.recipient(ctx, member, button.ref[0], int(button.ref[1:]))
    if found is None:
        return step(ctx, staff_reply(ctx, "staff.relay.unknown"))
    if button.action is None:
        return _pick(ctx, member, button.ref, found)
    if button.action == "p":
        phrase = ctx.content.phrases.get(button.value or "")
        if phrase is None:
            return _gone(ctx)
        return _chosen(ctx, member, button.ref, button.value or "", phrase, found)
    expected = _pending(ctx, member, button.ref)
    if button.action == "stop":
        if expected is not None:
            ctx.store.inputs.clear(member.user_key)
        return step(ctx, staff_reply(ctx, "staff.phrase.stopped"))
    if button.action == "send":
        return _send(ctx, member, button.ref, expected, found)
    return _slot_button(ctx, member, button, expected, found)


def _pending(ctx: Context, member: StaffMember, ref: str) -> Expected | None:
    """The member's phrasebook step for ``ref``, if that is what she is doing now."""
    expected = ctx.store.inputs.pending(member.user_key, ctx.now)
    if expected is None or not expected.kind.startswith(EXPECT):
        return None
    return expected if expected.ref.split(":")[0] == ref else None


def _gone(ctx: Context) -> Step:
    return step(ctx, staff_reply(ctx, "staff.phrase.gone"))


def _pick(ctx: Context, member: StaffMember, ref: str, found: relay.Recipient) -> Step:
    """The list of phrases; typed text instead is the member's own answer."""
    ctx.store.inputs.expect(member.user_key, PICK, ref, ctx.now)
    buttons: list[Button | None] = [Button(phrase.label, _payload(ref, "p", key))
                                    for key, phrase in ctx.content.phrases.items()]
    buttons.append(staff_button(ctx, "staff.phrase.stop", _payload(ref, "stop")))
    key = "staff.phrase.pick_nl" if found.language == "nl" else "staff.phrase.pick"
    return step(ctx, staff_reply(ctx, key, buttons, name=found.first_name or "?", ref=ref,
                                 language=language_name(found.language)))


def _chosen(ctx: Context, member: StaffMember, ref: str, key: str, phrase: Phrase,
            found: relay.Recipient) -> Step:
    """A phrase without a slot goes to its preview; one with a slot asks for its value."""
    if phrase.slot is None:
        return _preview(ctx, member, ref, key, "", found)
    return _ask(ctx, member, ref, key, phrase.slot)


def _ask(ctx: Context, member: StaffMember, ref: str, key: str, slot: str) -> Step:
    """"Hoe laat?" / "Welke dag?" / "Waar?", with the activity wizard's buttons."""
    ctx.store.inputs.expect(member.user_key, SLOT, f"{ref}:{key}", ctx.now)
    action = next(a for a, s in SLOT_ACTIONS.items() if s == slot)
    offer = {"time": hour_buttons, "day": day_buttons, "place": place_buttons}[slot]
    buttons = offer(ctx, lambda value: _payload(ref, action, value))
    buttons.append(staff_button(ctx, "staff.phrase.stop", _payload(ref, "stop")))
    return step(ctx, staff_reply(ctx, f"staff.phrase.ask.{slot}", buttons))


def _slot_button(ctx: Context, member: StaffMember, button: PhraseButton,
                 expected: Expected | None, found: relay.Recipient) -> Step:
    """An hour, a day or a place pressed: only for the slot asked last."""
    if expected is None or expected.kind != SLOT:
        return _gone(ctx)
    key = expected.ref.split(":")[-1]
    phrase = ctx.content.phrases.get(key)
    if phrase is None or phrase.slot != SLOT_ACTIONS.get(button.action or ""):
        return _gone(ctx)
    return _take(ctx, member, button.ref, key, phrase, found, button.value or "", typed=False)


def _take(ctx: Context, member: StaffMember, ref: str, key: str, phrase: Phrase,
          found: relay.Recipient, raw: str, typed: bool) -> Step:
    """Read a slot's value (typed or a button's); asked again when it cannot be used."""
    value = slot_value(ctx, phrase.slot or "", raw, typed)
    if value is None:
        again = _ask(ctx, member, ref, key, phrase.slot or "")
        invalid = staff_reply(ctx, f"staff.phrase.invalid.{phrase.slot}")
        return Step((invalid, *again.replies), again.state, again.intent)
    return _preview(ctx, member, ref, key, value, found)


def slot_value(ctx: Context, slot: str, raw: str, typed: bool) -> str | None:
    """What the pending input keeps of a slot's value (``t:<minute>``, ``d:<day>``,
    ``p:<place id>``, ``x:<typed place>``), or ``None`` when it is no such value."""
    if slot == "time":
        moment = _moment(ctx, raw if typed else f"{raw[:2]}:{raw[2:]}")
        return f"t:{moment:{MINUTE}}" if moment is not None else None
    if slot == "day":
        day = parse_day(raw, ctx.now) if typed else button_day(raw)
        return f"d:{day:%Y%m%d}" if day is not None and day >= ctx.now.date() else None
    place = _place(ctx.content, raw)
    if place is not None:
        return f"p:{place}"
    text = " ".join(raw.split())[:PLACE_LIMIT]
    return f"x:{text}" if typed and text else None


def _moment(ctx: Context, text: str) -> datetime | None:
    """"18:00", "morgen 18:00", "24/12 18:00" (the broadcast wizard's), also "18u"."""
    tomorrow = staff_text(ctx, "staff.bc.tomorrow")
    moment = parse_when(text, ctx.now, tomorrow)
    if moment is None:
        clock = parse_clock(text)
        moment = parse_when(f"{clock:%H:%M}", ctx.now, tomorrow) if clock else None
    return moment if moment is not None and moment > ctx.now else None


def _place(content: Content, raw: str) -> str | None:
    """A known place by its id (a button) or its name (typed)."""
    if raw in content.places:
        return raw
    wanted = raw.strip().casefold()
    return next((p.id for p in content.places.values() if p.name.casefold() == wanted), None)


def _preview(ctx: Context, member: StaffMember, ref: str, key: str, value: str,
             found: relay.Recipient) -> Step:
    """What the pupil will read, and "Versturen?" (yes / no: typing answers it too)."""
    message = _message(ctx, key, value, found)
    if message is None:
        return _gone(ctx)
    ctx.store.inputs.expect(member.user_key, SEND, f"{ref}:{key}", ctx.now, text=value)
    shown = relay.pupil_message(ctx, found.language, *message)
    buttons = [staff_button(ctx, "staff.phrase.send", _payload(ref, "send")),
               staff_button(ctx, "staff.phrase.cancel", _payload(ref, "stop"))]
    return step(ctx, staff_reply(ctx, "staff.phrase.preview", buttons,
                                 name=found.first_name or "?", ref=ref, message=shown))


def _message(ctx: Context, key: str, value: str, found: relay.Recipient) -> tuple[str, bool] | None:
    """The words for the pupil and whether the youth worker typed them (``OWN``: then
    they are Dutch only); ``None`` for a phrase the content no longer has."""
    if key == OWN:
        return value, True
    phrase = ctx.content.phrases.get(key)
    if phrase is None:
        return None
    return phrase_text(ctx.content, phrase, value, found.language, ctx.now.date()), False


def _send(ctx: Context, member: StaffMember, ref: str, expected: Expected | None,
          found: relay.Recipient) -> Step:
    """"✅ Ja, versturen": what the preview showed goes to the pupil."""
    if expected is None or expected.kind != SEND:
        return _gone(ctx)
    message = _message(ctx, expected.ref.split(":")[-1], expected.text, found)
    if message is None:
        return _gone(ctx)
    ctx.store.inputs.clear(member.user_key)
    relay.send(ctx, found, *message)
    return relay.sent(ctx, found, ref)


# --- typed answers ------------------------------------------------------------------------


def take_input(ctx: Context) -> Step | None:
    """Text typed at the list (her own answer, in Dutch), at a slot's question, or at the
    preview (anything but yes or no shows it again)."""
    incoming = ctx.incoming
    if incoming.kind is not Kind.TEXT or not incoming.text.strip():
        return None
    expected = ctx.store.inputs.pending(incoming.user_key, ctx.now)
    if expected is None or expected.kind not in (PICK, SLOT, SEND):
        return None
    member = ctx.store.staff.member(incoming.user_key)
    ref = expected.ref.split(":")[0]
    found = relay.recipient(ctx, member, ref[0], int(ref[1:])) if member else None
    if member is None or found is None:
        ctx.store.inputs.clear(incoming.user_key)
        return None
    text = incoming.text.strip()
    key = expected.ref.split(":")[-1]
    if expected.kind == SEND and (answer := _yes_or_no(ctx, ref, text)) is not None:
        return on_button(ctx, answer)  # in a group, where no question is remembered
    if expected.kind == PICK or (expected.kind == SEND and key == OWN):
        # her own words (or new ones instead): shown first, she may have meant a colleague
        return _preview(ctx, member, ref, OWN, text[:relay.MESSAGE_LIMIT], found)
    if expected.kind == SEND:  # neither yes nor no at a phrase's preview: shown again
        return _preview(ctx, member, ref, key, expected.text, found)
    phrase = ctx.content.phrases.get(key)
    if phrase is None:
        ctx.store.inputs.clear(member.user_key)
        return _gone(ctx)
    return _take(ctx, member, ref, key, phrase, found, text, typed=True)


def _yes_or_no(ctx: Context, ref: str, text: str) -> PhraseButton | None:
    """"ja" or "nee" typed at the preview, read as ``questions.yaml`` reads it. A private
    chat's core does so before any feature; a group keeps no state, so it is read here."""
    questions = ctx.content.questions
    if questions is None:
        return None
    pending = tuple((answer, _payload(ref, action)) for answer, action in YES_NO)
    payload = typed_answer(questions, pending, text)
    return BUTTON.parse(payload) if payload else None


def features() -> Features:
    return Features(
        buttons={BUTTON.prefix: typed(BUTTON, on_button)},
        interceptors=(take_input,),
    )

