"""Voice notes heard (:mod:`bot.core.speech`): "🎤 Ik hoorde: «…». Klopt dat?" first.

Speech models mishear, so what was heard is shown with ✅ Ja and ✏️ Nee, ik typ het, and
answered only once confirmed, as if typed. The core has looked for danger in the transcript
before this feature sees the note: danger gets the help lines at once, never this question.

The transcript (never the sound) waits as the person's pending input (``HEARD``) until the
answer: ✅ answers it, ✏️ forgets it, and so does anything typed instead. It is never kept
over another answer Maatje awaits (the medical form's, "Typ je vraag"): Maatje then says
what it heard and asks to type it, as it does where nothing can be kept at all.

Voice works in Dutch only for now: a note the model clearly hears in another language
(:func:`~bot.core.speech.spoken_elsewhere`) gets that said, in that language, and a request
to type the question, rather than the Dutch the model wrote for it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from bot.core.features import Context, Features, Step
from bot.core.menu import main_menu
from bot.core.messages import Kind, VoiceNote
from bot.core.payloads import Choice, Codec
from bot.core.render import Renderer
from bot.core.speech import MAX_SECONDS, heard_text, spoken_elsewhere
from bot.features.kit.buttons import typed
from bot.features.kit.languages import person_render
from bot.features.kit.replies import stale_button
from intents.types import CONTENT_LANGUAGES

log = logging.getLogger(__name__)

#: The trace of a voice note's own answers ("Ik hoorde…", "Ik versta het niet goed").
INTENT = "voice"
#: The pending input that keeps the transcript until it is confirmed (the name kept since
#: the first voice release: a transcript waiting at an upgrade is still found).
HEARD = "voice_heard"
YES, TYPE = "yes", "type"


@dataclass(frozen=True)
class VoiceButton:
    """``vc:yes`` (answer what was heard) or ``vc:type`` (forget it: typed instead)."""

    action: str


BUTTON = Codec("vc", VoiceButton, ((Choice("action", (YES, TYPE)),),))


def heard(ctx: Context) -> Step:
    """A voice note without danger in it: "Klopt dat?", or a kind "type it, please"."""
    voice = ctx.incoming.voice
    if voice is None or voice.transcript is None:
        return _said(ctx, _not_heard(voice))
    elsewhere = spoken_elsewhere(voice)
    if elsewhere is not None:  # what Dutch it wrote down would only mislead
        return _said(replace(ctx, render=_in_own_language(ctx, elsewhere)), "voice.dutch_only")
    text = heard_text(voice)
    if text is None:
        return _said(ctx, "voice.unclear")
    if not _kept(ctx, text):
        return _said(ctx, "voice.heard_type", heard=text)
    render = ctx.render
    buttons = [render.button("button.yes", BUTTON.build(VoiceButton(YES))),
               render.button("button.voice_type", BUTTON.build(VoiceButton(TYPE)))]
    log.info("voice note heard confidence=%.2f", voice.transcript.confidence)
    return Step((render.reply(render.ui("voice.heard", heard=text), buttons),), ctx.state, INTENT)


def _not_heard(voice: VoiceNote | None) -> str:
    """Why a note was not listened to, as the key of what to say."""
    if voice is not None and voice.seconds > MAX_SECONDS:
        return "voice.too_long"
    return "voice.busy" if voice is not None and voice.busy else "nontext.voice"


def _in_own_language(ctx: Context, spoken: str) -> Renderer:
    """Dutch and the language the note was spoken in, when Maatje writes it; else the
    person's own."""
    return person_render(ctx.content, spoken) if spoken in CONTENT_LANGUAGES else ctx.render


def on_button(ctx: Context, button: VoiceButton) -> Step:
    """✅ answers the kept transcript as if it was typed; ✏️ forgets it and waits for the
    typed question. Pressed twice, or after the transcript expired: the stale answer."""
    kept = _taken(ctx)
    if button.action == TYPE:
        return _said(ctx, "voice.type")
    if not kept:
        return stale_button(ctx)
    return Step((), ctx.state, INTENT, as_typed=kept)


def forget_unconfirmed(ctx: Context) -> Step | None:
    """Something typed instead of ✅ or ✏️: the transcript is forgotten (it waits only for
    the yes or the no) and the text goes on to be answered as it is."""
    _taken(ctx)
    return None


def _kept(ctx: Context, text: str) -> bool:
    """Keep ``text`` until the answer: in a private chat, over nothing but an older note's
    transcript (a newer note replaces it). ``False`` when it cannot be kept."""
    incoming = ctx.incoming
    if incoming.in_group:
        return False
    waiting = ctx.store.inputs.pending(incoming.user_key, ctx.now)
    if waiting is not None and waiting.kind != HEARD:
        return False
    return ctx.store.inputs.expect(incoming.user_key, HEARD, "", ctx.now, text=text)


def _taken(ctx: Context) -> str:
    """The kept transcript, deleted as it is read; ``""`` when none waits."""
    user_key = ctx.incoming.user_key
    waiting = ctx.store.inputs.pending(user_key, ctx.now)
    if waiting is None or waiting.kind != HEARD:
        return ""
    ctx.store.inputs.clear(user_key)
    return waiting.text


def _said(ctx: Context, key: str, **fields: object) -> Step:
    render = ctx.render
    reply = render.reply(render.ui(key, **fields), menu=main_menu(render))
    return Step((reply,), ctx.state, INTENT)


def features() -> Features:
    return Features(buttons={BUTTON.prefix: typed(BUTTON, on_button)},
                    input_handlers=(forget_unconfirmed,), kinds={Kind.VOICE.value: heard})
