"""The dialogue core: decide what to answer, given a message and what we know of the person.

Pure: no Telegram, no database, no clock of its own. The conversation service loads
the :class:`UserState`, calls :meth:`Maatje.handle`, and saves the state it returns.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol

from bot.core.features import Composer, Context, Features, Interceptor, Step
from bot.core.helplines import danger_reply
from bot.core.hours import WorkingHours
from bot.core.inputports import HANDOVER_DRAFT, topics_ref
from bot.core.languages import LanguagePlan, plan_languages
from bot.core.menu import MAIN_CHOICES, main_menu, stale_reply
from bot.core.messages import Button, Incoming, Kind, Outcome, Reply, Trace
from bot.core.payloads import (
    HANDOVER_NO,
    HANDOVER_SEND,
    HANDOVER_YES,
    MORE,
    SOS,
    Choice,
    Codec,
    IntentRequest,
    parse_intent_payload,
)
from bot.core.ports import NullStore, Store
from bot.core.render import Renderer
from bot.core.screen import EXEMPT, split
from bot.core.speech import SPOKEN_LANGUAGE, heard_text
from bot.core.state import Prompt, UserState
from bot.core.typed import typed_answer
from content.loader import Content
from intents.topic_prior import NO_PRIOR, TopicPrior, subject
from intents.types import CONTENT_LANGUAGES, INTENTS, LanguageGuess, Understanding

log = logging.getLogger(__name__)

OUT_OF_SCOPE = "out_of_scope"
SAFEGUARDING = "safeguarding"
CLARIFY = "clarify"
HANDOVER = "handover"
#: Topics a short follow-up ("hoeveel kost het") can be about: the others (thanks, the
#: language picker, privacy…) neither start nor end a conversation's subject.
REMEMBERED_TOPICS = frozenset({
    "activities", "camp_info", "camp_packing", "camp_medical_form", "club_join",
    "register_interest", "volunteer", "contact", "location",
})
#: The entities a topic is remembered with (what it was about, nothing about the person).
REMEMBERED_ENTITIES = ("sport", "commune", "day", "activity")
#: Topics that change something (the announcements, the language): typed as free text,
#: they are asked about first ("Wil je…?" with ``ok:<intent>`` / ``ok:no``).
CONFIRMED_ACTIONS = frozenset({"unsubscribe", "language"})
CONFIRM_PREFIX = "ok"
CONFIRM_NO = "no"
#: Below this confidence a guess yields to a precise question of another likely topic that
#: the message names (content/details.yaml ``unsure``): "mon fils ne sait pas nager" was read
#: as an absence at 0.40, with the camp among the guesses; the camp's swimming answer is it.
WEAK_GUESS = 0.5
#: A topic at least this likely may be the one such a precise question is about (the camp
#: came third at 0.08 for "mon fils ne sait pas nager", too far below to be suggested).
POSSIBLE = 0.05


@dataclass(frozen=True)
class Confirmation:
    """``ok:<action>`` (do it, as its command would) or ``ok:no`` (change nothing)."""

    action: str


CONFIRM = Codec(CONFIRM_PREFIX, Confirmation, (
    (Choice("action", (*sorted(CONFIRMED_ACTIONS), CONFIRM_NO)),),
))
#: "Bedoel je…?" offers at most this many topics, each at least this share of the top one.
SUGGESTED = 3
SUGGESTION_SHARE = 0.5
#: At most this many topic buttons under "Waarover gaat je vraag?": the last topic, then
#: the topics a price, place or time can be about ("adres?" alone: the youth house).
TOPIC_CHOICES = 4
WHICH_TOPICS = ("activities", "club_join", "camp_info", "location")
#: Language guesses below this confidence are reported as ``und``.
REPORTABLE_LANGUAGE = 0.15


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
    #: How a remembered topic pulls a short message (``intents.topic_prior``).
    topic_prior: TopicPrior = NO_PRIOR
    #: From the settings (or Telegram's getMe at start): links staff hand out need it.
    bot_username: str | None = None
    #: When youth workers read safeguarding alerts, for what the pupil is told.
    safeguarding_hours: WorkingHours | None = None
    #: How long after its last message a topic is still what a short follow-up is about.
    topic_memory: timedelta = timedelta(minutes=15)
    #: From this age a pupil fills in her own medical form; ``None``: only a parent does.
    form_by_pupil_from_age: int | None = None

    def handle(
        self,
        incoming: Incoming,
        state: UserState,
        now: datetime | None = None,
        store: Store | None = None,
        help_lines: bool | None = None,
    ) -> Turn:
        """Answer one message. ``now`` defaults to the current time; either way the
        features see it in the configured zone (the content's), so a date means the same
        to every feature whatever clock the channel keeps.

        ``help_lines`` splits a danger answer in two for channels that send the help lines
        before anything waits on the database: ``True`` answers with the help lines alone
        (no store, no state needed), ``False`` with the rest (her case, the question), the
        help lines having been sent already; ``None`` (the default) answers with both.
        """
        zone = self.content.zone
        env = _Env((now or datetime.now(zone)).astimezone(zone), store or NullStore(), help_lines)
        incoming = self._as_answer(incoming.cleaned(), state)
        asked, prompt = state.asked, state.prompt
        state = state.with_(asked=(), prompt=None)
        turn = self._turn(incoming, state, env)
        if asked and not _only_more(asked) and incoming.kind is Kind.TEXT and self._asks_again(asked):
            return _asked_again(self._asking(turn), asked, prompt)
        return self._asking(self._afterwards(incoming, turn, env))

    def _turn(self, incoming: Incoming, state: UserState, env: _Env) -> Turn:
        intercepted = self._first_step(self.features.interceptors, incoming, state, env, None)
        if intercepted is not None:
            return self._step_turn(intercepted)
        if incoming.kind is Kind.COMMAND:
            return self._command(incoming, state, env)
        if incoming.kind is Kind.BUTTON:
            return self._button(incoming, state, env)
        if incoming.kind is Kind.VOICE and incoming.voice is not None:
            return self._voice(incoming, state, env)
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
        named = questions.named_question(state.asked)
        if payload is None and named is not None:  # "in het Arabisch" answers the picker
            payload = questions.named_answer(named, incoming.text)
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
        if not pending:
            return turn
        if _only_more(pending):  # "meer" typed next shows the rest; nothing to ask again
            return Turn(turn.outcome, turn.state.with_(asked=pending, prompt=None))
        prompt = Prompt(last.text, last.languages,
                        tuple((b.label, b.payload) for b in last.buttons if b.payload))
        return Turn(turn.outcome, turn.state.with_(asked=pending, prompt=prompt))

    def _afterwards(self, incoming: Incoming, turn: Turn, env: _Env) -> Turn:
        """A feature's own question after the answer (the first hook that takes it).

        Never after danger (the help lines stand alone), "Bedoel je…?" or an offer to pass
        the question on, nor after an answer that already asks a question with buttons, nor
        while a question typed at a prompt is answered (the prompt is shown again instead):
        the hook is then tried at the next message.
        """
        hooks = self.features.afterwards
        trace = turn.outcome.trace
        if (not hooks or not turn.outcome.replies or trace.fallback is not None
                or trace.intent == SAFEGUARDING or self._asks(turn.outcome.replies)):
            return turn
        render = self._render(turn.state, self._plan(turn.state, incoming))
        step = self._first_step(hooks, incoming, turn.state, env, None, render)
        if step is None:
            return turn
        replies = (*turn.outcome.replies, *step.replies)
        return Turn(replace(turn.outcome, replies=replies), step.state)

    def _asks(self, replies: tuple[Reply, ...]) -> bool:
        """Whether the last reply with buttons asks a question declared in questions.yaml."""
        questions = self.content.questions
        last = next((r for r in reversed(replies) if r.buttons), None)
        if questions is None or last is None:
            return False
        pending = questions.pending_in([b.payload for b in last.buttons if b.payload])
        # "➕ Meer" is no question that must wait for its answer: the hook may still ask
        return bool(pending) and not _only_more(pending)

    # --- free text -------------------------------------------------------------------

    def _text(self, incoming: Incoming, state: UserState, env: _Env) -> Turn:
        menu_intent = self._menu_intent(incoming.text.strip())
        if menu_intent:
            render = self._render(state, self._plan(state, incoming))
            return self._answer(menu_intent, render, state, None, None, env, incoming)
        understanding = self.understander.understand(incoming.text, incoming.language_hint)
        plan = plan_languages(understanding.language, state, incoming.language_hint)
        render = self._render(state, plan)
        top = understanding.top
        if understanding.safeguarding:
            return self._answer(SAFEGUARDING, render, state, understanding, None, env, incoming)
        expected = self._first_step(
            self.features.input_handlers, incoming, state, env, understanding, render
        )
        if expected is not None:
            return self._step_turn(expected)
        action = self._typed_action(incoming, state, env, understanding, render)
        if action is not None:
            return action
        understanding = self.topic_prior.apply(understanding, subject(
            state.current_topic(env.now, self.topic_memory), dict(state.topic_entities)))
        top = understanding.top
        follow_up = self._follow_up(incoming, state, understanding, render, env)
        if follow_up is not None:
            return follow_up
        if top.score >= self.threshold and top.intent in CONFIRMED_ACTIONS:
            named = self._named(top.intent, incoming.text)
            if named is not None:  # "zet de taal op Frans" names the choice: no question first
                return self._button(replace(incoming, kind=Kind.BUTTON, payload=named), state, env)
            return self._confirm(top.intent, render, state, understanding)
        # a weak guess, but the message names a precise question of a possible topic ("mon
        # fils ne sait pas nager"): that topic's answer beats "Bedoel je…?" and the guess
        precise = (self.content.details.unsure_detail(_possible(understanding), incoming.text)
                   if top.score < WEAK_GUESS else None)
        if precise is not None or top.score >= self.threshold:
            intent = precise[0] if precise is not None else top.intent
            return self._answer(intent, render, state, understanding, None, env, incoming)
        if self.content.details.referral_for(incoming.text) is not None:
            # unsure, but it names what Maatje does not do: a pointer beats "Bedoel je…?"
            return self._answer(OUT_OF_SCOPE, render, state, understanding, None, env, incoming)
        if state.misses >= 1:
            return self._handover_offer(render, state, understanding, incoming, env)
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
        rest: bool = False,
    ) -> Turn:
        """The answer of ``intent``: its first screen, or with ``rest`` what "➕ Meer" shows."""
        composer = self.features.composers.get(intent)
        if intent == SAFEGUARDING:
            return self._danger(composer, render, state, understanding, env, incoming)
        if composer is not None:
            context = self._context(incoming, state, render, env, understanding)
            step = composer(context)
            trace = replace(_trace(step.intent, fallback, understanding, confidence=None),
                            referral=step.referral, question=not rest)
            _log(trace)
            shown = self._screen(intent, step.replies, step.more, render, rest)
            replies = _asking_gently(shown, render, understanding)
            after = _remember(step.intent, step.state.with_(misses=0), understanding, env.now,
                              step.about)
            return Turn(Outcome(replies, trace), after)
        answer = render.content.answer(intent)
        buttons = render.intent_buttons(answer.followups)
        reply = render.reply(render.text(answer.text), [*buttons, render.offer_button(intent)])
        more = () if answer.more is None else (render.reply(render.text(answer.more)),)
        trace = replace(_trace(intent, fallback, understanding, confidence=None),
                        question=not rest)
        _log(trace)
        shown = self._screen(intent, (reply,), more, render, rest)
        replies = _asking_gently(shown, render, understanding)
        return Turn(Outcome(replies, trace), _remember(intent, state.with_(misses=0),
                                                       understanding, env.now))

    def _screen(
        self, intent: str, replies: tuple[Reply, ...], more: tuple[Reply, ...],
        render: Renderer, rest: bool,
    ) -> tuple[Reply, ...]:
        """The answer's first phone screen with "➕ Meer" (:mod:`bot.core.screen`), or for
        ``rest`` what the button shows: the whole answer again when nothing is left to
        show (the content changed since the button was sent)."""
        second = render.plan.blocks[1] if len(render.plan.blocks) == 2 else None
        button = (render.button("button.more", MORE.build(IntentRequest(intent, second)))
                  if intent in INTENTS and intent not in EXEMPT else None)
        choices = (render.reply(render.ui("more.choices"))
                   if self.content.has_ui("more.choices") else None)
        offer = render.offer_button(intent) if intent in INTENTS else None
        pinned = frozenset({offer.payload}) if offer is not None else frozenset()
        shown, later = split(replies, more, button, choices, pinned)
        return (later or shown) if rest else shown

    # --- follow-ups about the remembered topic -------------------------------------------

    def _follow_up(
        self,
        incoming: Incoming,
        state: UserState,
        understanding: Understanding,
        render: Renderer,
        env: _Env,
    ) -> Turn | None:
        """"hoeveel kost het" about the topic just answered, or "Waarover gaat je vraag?".

        A follow-up that also reads as another clear topic ("wanneer is de volgende
        activiteit" after the clubs) is that topic; a bare one ("en waar is dat?") is
        always about the remembered topic, and with none asks what it is about (unless
        its kind may stand alone: "wat moet ik meenemen?" is the packing list).
        """
        kind = understanding.follow_up
        if kind is None:
            return None
        bare = understanding.follow_up_bare
        if not bare and self.content.details.referral_for(incoming.text) is not None:
            return None  # "hoe lang duurt mijn asielprocedure" asks about asylum, not a topic
        top = understanding.top
        confident = top.score >= self.threshold and top.intent != OUT_OF_SCOPE
        topic = state.current_topic(env.now, self.topic_memory)
        if topic is None:
            if confident and (not bare or understanding.follow_up_standalone):
                return None
            return self._which_topic(render, state, understanding, kind)
        if confident and top.intent != topic and not bare:
            return None
        return self._about_topic(topic, kind, incoming, state, understanding, render, env)

    def _about_topic(
        self,
        topic: str,
        kind: str,
        incoming: Incoming,
        state: UserState,
        understanding: Understanding,
        render: Renderer,
        env: _Env,
    ) -> Turn:
        """The follow-up answered with the topic's remembered entities, as the topic's
        own answer when its feature has nothing more precise for this kind."""
        remembered = replace(understanding, entities=dict(state.topic_entities))
        answerer = self.features.followups.get(topic)
        step = None
        if answerer is not None:
            step = answerer(self._context(incoming, state, render, env, remembered), kind)
        if step is None:
            turn = self._answer(topic, render, state, remembered, None, env, incoming)
            step = Step(turn.outcome.replies, turn.state, turn.outcome.trace.intent)
        trace = replace(_trace(step.intent, None, understanding, confidence=None),
                        follow_up=kind)
        _log(trace)
        after = step.state.with_(misses=0).remembering(
            step.intent, dict(state.topic_entities), env.now)
        return Turn(Outcome(_asking_gently(step.replies, render, understanding), trace), after)

    # --- actions typed as free text: one tap first ----------------------------------------

    def _confirm(
        self, intent: str, render: Renderer, state: UserState, understanding: Understanding
    ) -> Turn:
        """"stop de berichten" typed: "Wil je geen berichten meer krijgen?" [Ja] [Nee].

        A guess must never change something (a misread message unsubscribed someone);
        the command or the button does it at once.
        """
        buttons = [render.button("button.yes", CONFIRM.build(Confirmation(intent))),
                   render.button("button.no", CONFIRM.build(Confirmation(CONFIRM_NO)))]
        reply = render.reply(render.ui(f"confirm.{intent}"), buttons)
        trace = _trace(intent, None, understanding, confidence=None)
        _log(trace)
        return Turn(Outcome((reply,), trace), state.with_(misses=0))

    def _asks_again(self, asked: tuple[tuple[str, str], ...]) -> bool:
        questions = self.content.questions
        return questions is None or questions.asks_again(asked)

    def _named(self, intent: str, text: str) -> str | None:
        """The button a message asking for ``intent`` names itself (``questions.yaml`` named)."""
        questions = self.content.questions
        return questions.named_answer(intent, text) if questions is not None else None

    def _typed_action(
        self, incoming: Incoming, state: UserState, env: _Env, understanding: Understanding,
        render: Renderer,
    ) -> Turn | None:
        """"verwijder mijn gegevens" or "haal me uit de groep" typed: the feature that does
        it asks first (``questions.yaml`` ``actions``), whatever the guess of the topic."""
        questions = self.content.questions
        name = questions.action_in(incoming.text) if questions is not None else None
        handler = self.features.actions.get(name) if name is not None else None
        if handler is None:
            return None
        step = handler(self._context(incoming, state, render, env, understanding))
        if step is None:
            return None
        trace = _trace(step.intent, None, understanding, confidence=None)
        _log(trace)
        return Turn(Outcome(step.replies, trace), step.state.with_(misses=0))

    def _confirmed(self, payload: str, incoming: Incoming, state: UserState, env: _Env) -> Turn:
        """``ok:<action>`` does it (as its command would); ``ok:no`` changes nothing."""
        confirmation = CONFIRM.parse(payload)
        if confirmation is None:
            return self._stale_button(incoming, state)
        render = self._render(state, self._plan(state, incoming))
        if confirmation.action != CONFIRM_NO:
            return self._answer(confirmation.action, render, state, None, None, env, incoming)
        reply = render.reply(render.ui("confirm.nothing"), render.intent_buttons(MAIN_CHOICES))
        return Turn(Outcome((reply,), Trace("help", None, 1.0, "und")), state)

    def _which_topic(
        self, render: Renderer, state: UserState, understanding: Understanding, kind: str
    ) -> Turn:
        """A follow-up with nothing to follow: the last topic first, then the main ones."""
        last = [state.topic] if state.topic in REMEMBERED_TOPICS else []
        topics = [*last, *(t for t in WHICH_TOPICS if t not in last)]
        buttons = render.intent_buttons(topics[:TOPIC_CHOICES])
        reply = render.reply(render.ui("followup.which_topic"), buttons)
        trace = replace(_trace(OUT_OF_SCOPE, CLARIFY, understanding, confidence=None),
                        follow_up=kind)
        _log(trace)
        return Turn(Outcome((reply,), trace), state)

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
            incoming, state, render.content, render, env.now, env.store, understanding, topic,
            self.bot_username, self.safeguarding_hours,
            form_by_pupil_from_age=self.form_by_pupil_from_age,
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
        render = render or self._render(state, self._plan(state, incoming))
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
        buttons = _distinct([*render.intent_buttons(suggestions(understanding)),
                             render.button("button.sos", SOS)])
        reply = render.reply(render.ui("clarify.question"), buttons)
        trace = _trace(OUT_OF_SCOPE, CLARIFY, understanding, confidence=None)
        _log(trace)
        return Turn(Outcome((reply,), trace), state.with_(misses=state.misses + 1))

    def _handover_offer(
        self, render: Renderer, state: UserState, understanding: Understanding,
        incoming: Incoming, env: _Env,
    ) -> Turn:
        """The second miss: "Zal ik je vraag doorsturen?" with ✅, ❌ and 🆘 (a question must
        be answerable with no as well as yes). The question just typed is kept until the
        answer (``ho:send`` passes it on as typed; no deletes it), so nobody has to type it
        again; where nothing can be kept, yes asks for it."""
        kept = not incoming.in_group and env.store.inputs.expect(
            incoming.user_key, HANDOVER_DRAFT, topics_ref(suggestions(understanding)), env.now,
            text=incoming.text.strip())
        buttons = [
            render.button("button.handover", HANDOVER_SEND if kept else HANDOVER_YES),
            render.button("handover.no", HANDOVER_NO),
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
            render = self._render(state, self._plan(state, incoming))
            step = handler(self._context(incoming, state, render, env), payload)
            if step.as_typed is not None:
                return self._as_typed(step, incoming, env)
            return self._step_turn(step)
        if payload.startswith(f"{CONFIRM_PREFIX}:"):
            return self._confirmed(payload, incoming, state, env)
        more = MORE.parse(payload)
        if more is not None:
            render = self._render(state, self._plan(state, incoming, more.language))
            return self._answer(more.intent, render, state, None, None, env, incoming, rest=True)
        request = parse_intent_payload(payload)
        if payload == SOS:
            request = IntentRequest(SAFEGUARDING)
        if payload in (HANDOVER_YES, HANDOVER_NO, HANDOVER_SEND):
            return self._handover_answer(payload, incoming, state, env)
        if request is None:
            return self._stale_button(incoming, state)
        plan = self._plan(state, incoming, request.language)
        render = self._render(state, plan)
        return self._answer(request.intent, render, state, None, None, env, incoming)

    def _stale_button(self, incoming: Incoming, state: UserState) -> Turn:
        """A forged, unknown or outdated button: refused kindly, with fresh choices."""
        render = self._render(state, self._plan(state, incoming))
        reply = stale_reply(render)
        log.info("button refused")
        return Turn(Outcome((reply,), Trace(OUT_OF_SCOPE, None, 0.0, "und")), state)

    def _handover_answer(
        self, payload: str, incoming: Incoming, state: UserState, env: _Env
    ) -> Turn:
        render = self._render(state, self._plan(state, incoming))
        if payload == HANDOVER_NO:
            return self._answer("help", render, state, None, None, env, incoming)
        reply = render.reply(render.ui("handover.later"))
        trace = Trace("contact", None, 1.0, "und")
        return Turn(Outcome((reply,), trace), state.with_(misses=0))

    def _command(self, incoming: Incoming, state: UserState, env: _Env) -> Turn:
        command = command_name(incoming.text)
        render = self._render(state, self._plan(state, incoming))
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
        render = self._render(state, self._plan(state, incoming))
        key = f"nontext.{incoming.kind.value}"
        if not self.content.has_ui(key):
            key = "nontext.other"
        reply = render.reply(render.ui(key), menu=self._menu(render))
        return Turn(Outcome((reply,), Trace(OUT_OF_SCOPE, None, 0.0, "und")), state)

    # --- voice notes (bot.core.speech) ---------------------------------------------------

    def _voice(self, incoming: Incoming, state: UserState, env: _Env) -> Turn:
        """A voice note heard: danger first, here in the core, so safety never waits on a
        feature: a transcript that reads as danger (even a guess) gets the help lines at
        once, never "Klopt dat?". Any other note goes to the feature registered for voice
        (:mod:`bot.features.voice`); without one, the kind "Ik kan nog niet luisteren"."""
        voice = incoming.voice
        assert voice is not None
        render = self._render(state, self._plan(state, incoming))
        said = heard_text(voice, minimum=0.0)
        understanding = self.understander.understand(said, SPOKEN_LANGUAGE) if said else None
        if understanding is not None and understanding.safeguarding:
            spoken = replace(incoming, kind=Kind.TEXT, text=said or "", voice=None)
            return self._answer(SAFEGUARDING, render, state, understanding, None, env, spoken)
        handler = self.features.kinds.get(Kind.VOICE.value)
        if handler is None:
            return self._not_text(incoming, state)
        step = handler(self._context(incoming, state, render, env, understanding))
        heard = voice.transcript
        return self._step_turn(step, round(heard.confidence, 4) if heard is not None else 0.0)

    def _as_typed(self, step: Step, incoming: Incoming, env: _Env) -> Turn:
        """Words a button confirmed (a voice note's ✅), answered as if typed, after the
        step's own replies: the typed path's danger check, topics and statistics."""
        typed = replace(incoming, kind=Kind.TEXT, text=step.as_typed or "", payload=None)
        turn = self._text(typed, step.state, env)
        if not step.replies:
            return turn
        return Turn(replace(turn.outcome, replies=(*step.replies, *turn.outcome.replies)),
                    turn.state)

    def _render(self, state: UserState, plan: LanguagePlan) -> Renderer:
        """How this person is answered: in the plan's languages, and in the words written
        for their role (a parent reads "uw kind": :meth:`Content.for_role`). Every answer,
        the core's or a feature's, is built from this renderer's content."""
        return Renderer(self.content.for_role(state.role), plan)

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


def _asked_again(
    turn: Turn, asked: tuple[tuple[str, str], ...], prompt: Prompt | None
) -> Turn:
    """A question typed at a prompt (the age, a consent) is answered, then the prompt is
    shown again with its buttons, once: never lost, never nagging.

    Not after danger, "Bedoel je…?", or an answer that asks a question of its own; never
    a question ``questions.yaml`` marks optional (a voice note's "Klopt dat?" after the
    question was typed instead: :meth:`Maatje.handle` asks ``asks_again`` first).
    """
    trace = turn.outcome.trace
    if (prompt is None or prompt.repeated or trace.fallback is not None
            or (turn.state.asked and not _only_more(turn.state.asked))
            or trace.intent in (SAFEGUARDING, OUT_OF_SCOPE)):
        return turn
    buttons = tuple(Button(label, payload) for label, payload in prompt.buttons)
    again = Reply(prompt.text, prompt.languages, buttons)
    state = turn.state.with_(asked=asked, prompt=replace(prompt, repeated=True))
    return Turn(replace(turn.outcome, replies=(*turn.outcome.replies, again)), state)


def _only_more(asked: tuple[tuple[str, str], ...]) -> bool:
    """Whether the only question pending is "➕ Meer" (the rest of an answer)."""
    return all(MORE.parse(payload) is not None for _, payload in asked)


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


def _possible(understanding: Understanding) -> list[str]:
    """The topics a message may be about, likeliest first: each at least ``POSSIBLE`` likely
    (safeguarding and out of scope left out), for a precise question it names."""
    return [c.intent for c in understanding.candidates
            if c.score >= POSSIBLE and c.intent not in (OUT_OF_SCOPE, SAFEGUARDING)]


def suggestions(understanding: Understanding) -> list[str]:
    """The topics "Bedoel je…?" offers: at most ``SUGGESTED``, each at least
    ``SUGGESTION_SHARE`` of the likeliest one's score, each once, and never safeguarding
    (its 🆘 button is always there, once)."""
    likely: list[str] = []
    top = 0.0
    for candidate in understanding.candidates:
        if candidate.intent in (OUT_OF_SCOPE, SAFEGUARDING) or candidate.intent in likely:
            continue
        top = top or candidate.score
        if candidate.score < SUGGESTION_SHARE * top or len(likely) == SUGGESTED:
            break
        likely.append(candidate.intent)
    return likely


def _distinct(buttons: list[Button | None]) -> list[Button | None]:
    """Each label once: two topics may share one ("🆘 Ik heb hulp nodig")."""
    seen: set[str] = set()
    kept: list[Button | None] = []
    for button in buttons:
        if button is not None and button.label not in seen:
            seen.add(button.label)
            kept.append(button)
    return kept


def _remember(
    intent: str, state: UserState, understanding: Understanding | None, now: datetime,
    about: Mapping[str, str] | None = None,
) -> UserState:
    """A topic answered becomes what the next short follow-up is about (others leave it)."""
    if intent not in REMEMBERED_TOPICS:
        return state
    found = {**(understanding.entities if understanding else {}), **(about or {})}
    entities = {kind: found[kind] for kind in REMEMBERED_ENTITIES if kind in found}
    return state.remembering(intent, entities, now)


def command_name(text: str) -> str:
    """``"/start@MaatjeBot kamp-ar"`` → ``"start"``."""
    first = text.split()[0] if text.split() else ""
    return first.lstrip("/").split("@")[0].lower()


def _trace(
    intent: str, fallback: str | None, understanding: Understanding | None, confidence: float | None
) -> Trace:
    """The trace of a question answered (understood, unclear, or a topic pressed)."""
    if understanding is None:
        return Trace(intent, fallback, 1.0 if confidence is None else confidence, "und",
                     question=True)
    language = understanding.language
    code = language.code if language.confidence >= REPORTABLE_LANGUAGE else "und"
    return Trace(
        intent=intent,
        fallback=fallback,
        confidence=round(understanding.top.score, 4),
        language=code,
        candidates=tuple((c.intent, round(c.score, 4)) for c in understanding.candidates[:3]),
        entities=dict(understanding.entities),
        question=True,
    )


def _log(trace: Trace) -> None:
    """Evaluation log: intents and scores only, never the text or the person."""
    log.info(
        "answered intent=%s fallback=%s confidence=%.3f language=%s candidates=%s follow_up=%s",
        trace.intent, trace.fallback, trace.confidence, trace.language,
        ",".join(f"{i}:{s:.2f}" for i, s in trace.candidates), trace.follow_up,
    )
