"""The dialogue core: decide what to answer, given a message and what we know of the person.

Pure: no Telegram, no database, no clock of its own. The conversation service loads
the :class:`UserState`, calls :meth:`Maatje.handle`, and saves the state it returns.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.features import Composer, Context, Features, Interceptor, Step
from bot.core.helplines import danger_reply
from bot.core.hours import WorkingHours
from bot.core.languages import LanguagePlan, plan_languages
from bot.core.menu import MAIN_CHOICES, main_menu
from bot.core.messages import Incoming, Kind, Outcome, Reply, Trace
from bot.core.payloads import (
    HANDOVER_NO,
    HANDOVER_YES,
    SOS,
    IntentRequest,
    parse_intent_payload,
)
from bot.core.ports import NullStore, Store
from bot.core.render import Renderer
from bot.core.state import UserState
from bot.core.typed import typed_answer
from content.loader import Content
from intents.types import CONTENT_LANGUAGES, LanguageGuess, Understanding

log = logging.getLogger(__name__)

OUT_OF_SCOPE = "out_of_scope"
SAFEGUARDING = "safeguarding"
CLARIFY = "clarify"
HANDOVER = "handover"
#: Language guesses below this confidence are reported as ``und``.
REPORTABLE_LANGUAGE = 0.15
BRUSSELS = ZoneInfo("Europe/Brussels")


class Understands(Protocol):
    def understand(self, text: str, language_hint: str | None = None) -> Understanding: ...


@dataclass(frozen=True)
class Turn:
    """The outcome of one message and the person's state after it."""

    outcome: Outcome
    state: UserState


@dataclass(frozen=True)
class Maatje:
    """Answers messages; built once with the content and the understanding pipeline."""

    content: Content
    understander: Understands
    threshold: float = 0.35
    features: Features = field(default_factory=Features)
    #: From the settings (or Telegram's getMe at start): links staff hand out need it.
    bot_username: str | None = None
    #: When youth workers read safeguarding alerts, for what the pupil is told.
    safeguarding_hours: WorkingHours | None = None

    def handle(
        self,
        incoming: Incoming,
        state: UserState,
        now: datetime | None = None,
        store: Store | None = None,
        help_lines: bool | None = None,
    ) -> Turn:
        """Answer one message. ``now`` defaults to the current time in Brussels.

        ``help_lines`` splits a danger answer in two for channels that send the help lines
        before anything waits on the database: ``True`` answers with the help lines alone
        (no store, no state needed), ``False`` with the rest (her case, the question), the
        help lines having been sent already; ``None`` (the default) answers with both.
        """
        env = _Env(now or datetime.now(BRUSSELS), store or NullStore(), help_lines)
        incoming = self._as_answer(incoming.cleaned(), state)
        state = state.with_(asked=())
        return self._asking(self._turn(incoming, state, env))

    def _turn(self, incoming: Incoming, state: UserState, env: _Env) -> Turn:
        intercepted = self._first_step(self.features.interceptors, incoming, state, env, None)
        if intercepted is not None:
            return self._step_turn(intercepted)
        if incoming.kind is Kind.COMMAND:
            return self._command(incoming, state, env)
        if incoming.kind is Kind.BUTTON:
            return self._button(incoming, state, env)
        if incoming.kind is not Kind.TEXT or not incoming.text.strip():
            return self._not_text(incoming, state)
        return self._text(incoming, state, env)

    # --- questions Maatje asked ----------------------------------------------------------

    def _as_answer(self, incoming: Incoming, state: UserState) -> Incoming:
        """A typed answer to the question just asked becomes the press of its button."""
        questions = self.content.questions
        if not state.asked or questions is None or incoming.kind is not Kind.TEXT:
            return incoming
        payload = typed_answer(questions, state.asked, incoming.text)
        if payload is None:
            return incoming
        return replace(incoming, kind=Kind.BUTTON, payload=payload)

    def _asking(self, turn: Turn) -> Turn:
        """Remember the question the last reply asks, so typing can answer it."""
        questions = self.content.questions
        last = next((r for r in reversed(turn.outcome.replies) if r.buttons), None)
        if questions is None or last is None:
            return turn
        pending = questions.pending_in([b.payload for b in last.buttons if b.payload])
        return Turn(turn.outcome, turn.state.with_(asked=pending)) if pending else turn

    # --- free text -------------------------------------------------------------------

    def _text(self, incoming: Incoming, state: UserState, env: _Env) -> Turn:
        menu_intent = self._menu_intent(incoming.text.strip())
        if menu_intent:
            render = Renderer(self.content, self._plan(state, incoming))
            return self._answer(menu_intent, render, state, None, None, env, incoming)
        understanding = self.understander.understand(incoming.text, incoming.language_hint)
        plan = plan_languages(understanding.language, state, incoming.language_hint)
        render = Renderer(self.content, plan)
        top = understanding.top
        if understanding.safeguarding:
            return self._answer(SAFEGUARDING, render, state, understanding, None, env, incoming)
        expected = self._first_step(
            self.features.input_handlers, incoming, state, env, understanding, render
        )
        if expected is not None:
            return self._step_turn(expected)
        if top.score >= self.threshold:
            return self._answer(top.intent, render, state, understanding, None, env, incoming)
        if self.content.details.referral_for(incoming.text) is not None:
            # unsure, but it names what Maatje does not do: a pointer beats "Bedoel je…?"
            return self._answer(OUT_OF_SCOPE, render, state, understanding, None, env, incoming)
        if state.misses >= 1:
            return self._handover_offer(render, state, understanding)
        return self._clarify(render, state, understanding)

    def _answer(
        self,
        intent: str,
        render: Renderer,
        state: UserState,
        understanding: Understanding | None,
        fallback: str | None,
        env: _Env,
        incoming: Incoming,
    ) -> Turn:
        composer = self.features.composers.get(intent)
        if intent == SAFEGUARDING:
            return self._danger(composer, render, state, understanding, env, incoming)
        if composer is not None:
            context = self._context(incoming, state, render, env, understanding)
            step = composer(context)
            trace = replace(_trace(step.intent, fallback, understanding, confidence=None),
                            referral=step.referral)
            _log(trace)
            replies = _asking_gently(step.replies, render, understanding)
            return Turn(Outcome(replies, trace), step.state.with_(misses=0))
        answer = self.content.answer(intent)
        buttons = render.intent_buttons(answer.followups)
        reply = render.reply(render.text(answer.text), [*buttons, render.offer_button(intent)])
        trace = _trace(intent, fallback, understanding, confidence=None)
        _log(trace)
        replies = _asking_gently((reply,), render, understanding)
        return Turn(Outcome(replies, trace), state.with_(misses=0))

    def _danger(
        self,
        composer: Composer | None,
        render: Renderer,
        state: UserState,
        understanding: Understanding | None,
        env: _Env,
        incoming: Incoming,
    ) -> Turn:
        """Help lines first, always: if the safeguarding feature fails, the core's own."""
        trace = _trace(SAFEGUARDING, None, understanding, confidence=None)
        _log(trace)
        sent = env.help_lines is False
        if composer is not None and env.help_lines is not True:
            try:
                context = replace(self._context(incoming, state, render, env, understanding),
                                  help_lines_sent=sent)
                step = composer(context)
                return Turn(Outcome(step.replies, trace), step.state.with_(misses=0))
            except Exception:  # a bug must never cost a child the help lines
                log.exception("safeguarding feature failed; the help lines alone are sent")
        replies = () if sent else (danger_reply(render),)
        return Turn(Outcome(replies, trace), state.with_(misses=0))

    def _context(
        self,
        incoming: Incoming,
        state: UserState,
        render: Renderer,
        env: _Env,
        understanding: Understanding | None = None,
    ) -> Context:
        def topic(intent: str, topic_render: Renderer, topic_state: UserState) -> Step:
            turn = self._answer(intent, topic_render, topic_state, None, None, env, incoming)
            return Step(turn.outcome.replies, turn.state, turn.outcome.trace.intent)

        return Context(
            incoming, state, self.content, render, env.now, env.store, understanding, topic,
            self.bot_username, self.safeguarding_hours,
        )

    def _first_step(
        self,
        handlers: tuple[Interceptor, ...],
        incoming: Incoming,
        state: UserState,
        env: _Env,
        understanding: Understanding | None,
        render: Renderer | None = None,
    ) -> Step | None:
        """The step of the first handler that takes this message, if any does."""
        if not handlers:
            return None
        render = render or Renderer(self.content, self._plan(state, incoming))
        context = self._context(incoming, state, render, env, understanding)
        for handler in handlers:
            step = handler(context)
            if step is not None:
                return step
        return None

    def _step_turn(self, step: Step, confidence: float = 1.0) -> Turn:
        trace = Trace(step.intent, None, confidence, "und")
        return Turn(Outcome(step.replies, trace), step.state)

    def _clarify(self, render: Renderer, state: UserState, understanding: Understanding) -> Turn:
        likely = [c.intent for c in understanding.candidates if c.intent != OUT_OF_SCOPE][:3]
        buttons = [*render.intent_buttons(likely), render.button("button.sos", SOS)]
        reply = render.reply(render.ui("clarify.question"), buttons)
        trace = _trace(OUT_OF_SCOPE, CLARIFY, understanding, confidence=None)
        _log(trace)
        return Turn(Outcome((reply,), trace), state.with_(misses=state.misses + 1))

    def _handover_offer(
        self, render: Renderer, state: UserState, understanding: Understanding
    ) -> Turn:
        buttons = [
            render.button("button.handover", HANDOVER_YES),
            render.button("button.sos", SOS),
        ]
        reply = render.reply(render.ui("handover.offer"), buttons)
        trace = _trace(OUT_OF_SCOPE, HANDOVER, understanding, confidence=None)
        _log(trace)
        return Turn(Outcome((reply,), trace), state.with_(misses=state.misses + 1))

    # --- buttons, commands and other kinds of message --------------------------------

    def _button(self, incoming: Incoming, state: UserState, env: _Env) -> Turn:
        payload = incoming.payload or ""
        handler = self.features.button_handler(payload)
        if handler is not None:
            render = Renderer(self.content, self._plan(state, incoming))
            return self._step_turn(handler(self._context(incoming, state, render, env), payload))
        request = parse_intent_payload(payload)
        if payload == SOS:
            request = IntentRequest(SAFEGUARDING)
        if payload in (HANDOVER_YES, HANDOVER_NO):
            return self._handover_answer(payload, incoming, state, env)
        if request is None:
            return self._stale_button(incoming, state)
        plan = self._plan(state, incoming, request.language)
        render = Renderer(self.content, plan)
        return self._answer(request.intent, render, state, None, None, env, incoming)

    def _stale_button(self, incoming: Incoming, state: UserState) -> Turn:
        """A forged, unknown or outdated button: refused kindly, with fresh choices."""
        render = Renderer(self.content, self._plan(state, incoming))
        reply = render.reply(render.ui("button.stale"), render.intent_buttons(MAIN_CHOICES))
        log.info("button refused")
        return Turn(Outcome((reply,), Trace(OUT_OF_SCOPE, None, 0.0, "und")), state)

    def _handover_answer(
        self, payload: str, incoming: Incoming, state: UserState, env: _Env
    ) -> Turn:
        render = Renderer(self.content, self._plan(state, incoming))
        if payload == HANDOVER_NO:
            return self._answer("help", render, state, None, None, env, incoming)
        reply = render.reply(render.ui("handover.later"))
        trace = Trace("contact", None, 1.0, "und")
        return Turn(Outcome((reply,), trace), state.with_(misses=0))

    def _command(self, incoming: Incoming, state: UserState, env: _Env) -> Turn:
        command = command_name(incoming.text)
        render = Renderer(self.content, self._plan(state, incoming))
        handler = self.features.commands.get(command)
        if handler is not None:
            return self._step_turn(handler(self._context(incoming, state, render, env)))
        if command == "start":
            buttons = render.intent_buttons(MAIN_CHOICES) or render.intent_buttons(["help"])
            replies = (
                render.reply(render.ui("welcome"), menu=self._menu(render)),
                render.reply(render.ui("menu.prompt"), buttons),
            )
            trace = Trace("greeting", None, 1.0, "und")
            return Turn(Outcome(replies, trace), state.with_(onboarded=True, misses=0))
        return self._answer("help", render, state, None, None, env, incoming)

    def _not_text(self, incoming: Incoming, state: UserState) -> Turn:
        render = Renderer(self.content, self._plan(state, incoming))
        key = f"nontext.{incoming.kind.value}"
        if not self.content.has_ui(key):
            key = "nontext.other"
        reply = render.reply(render.ui(key), menu=self._menu(render))
        return Turn(Outcome((reply,), Trace(OUT_OF_SCOPE, None, 0.0, "und")), state)

    def _plan(
        self, state: UserState, incoming: Incoming, extra: str | None = None
    ) -> LanguagePlan:
        if extra:
            return plan_languages(LanguageGuess(extra, 1.0), state, None)
        return plan_languages(None, state, incoming.language_hint)

    def _menu_intent(self, text: str) -> str | None:
        """A tap on the persistent menu arrives as its label; map it back to its topic.

        Every label starts with the Dutch one, so other texts are let go after seven
        lookups instead of rendering 84 labels (a sixth of a message's time).
        """
        for intent in MAIN_CHOICES:
            dutch = self.content.ui.get(f"button.{intent}")
            if dutch is None or not text.startswith(dutch.nl):
                continue
            for lang in CONTENT_LANGUAGES:
                blocks = ("nl",) if lang == "nl" else ("nl", lang)
                if Renderer(self.content, LanguagePlan(blocks)).label(f"button.{intent}") == text:
                    return intent
        return None

    def _menu(self, render: Renderer) -> tuple[str, ...]:
        return main_menu(render)


@dataclass(frozen=True)
class _Env:
    """The moment and the store of this one message."""

    now: datetime
    store: Store
    help_lines: bool | None = None


def _asking_gently(
    replies: tuple[Reply, ...], render: Renderer, understanding: Understanding | None
) -> tuple[Reply, ...]:
    """A message that may hide a worry gets its answer and a "🆘 Gaat het goed met je?"
    button under it: never silence, never a wall of help lines for what may be a joke."""
    if understanding is None or not understanding.concern or not replies:
        return replies
    button = render.button("button.concern", SOS)
    last = replies[-1]
    if button is None or any(b.payload == SOS for b in last.buttons):
        return replies
    return (*replies[:-1], replace(last, buttons=(*last.buttons, button)))


def command_name(text: str) -> str:
    """``"/start@MaatjeBot kamp-ar"`` → ``"start"``."""
    first = text.split()[0] if text.split() else ""
    return first.lstrip("/").split("@")[0].lower()


def _trace(
    intent: str, fallback: str | None, understanding: Understanding | None, confidence: float | None
) -> Trace:
    if understanding is None:
        return Trace(intent, fallback, 1.0 if confidence is None else confidence, "und")
    language = understanding.language
    code = language.code if language.confidence >= REPORTABLE_LANGUAGE else "und"
    return Trace(
        intent=intent,
        fallback=fallback,
        confidence=round(understanding.top.score, 4),
        language=code,
        candidates=tuple((c.intent, round(c.score, 4)) for c in understanding.candidates[:3]),
        entities=dict(understanding.entities),
    )


def _log(trace: Trace) -> None:
    """Evaluation log: intents and scores only, never the text or the person."""
    log.info(
        "answered intent=%s fallback=%s confidence=%.3f language=%s candidates=%s",
        trace.intent, trace.fallback, trace.confidence, trace.language,
        ",".join(f"{i}:{s:.2f}" for i, s in trace.candidates),
    )
