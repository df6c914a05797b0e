"""How feature modules plug into the core without touching the dialogue logic.

A feature (activities, clubs, camp, consent, staff tools…) lives in its own module under
``bot/features`` and registers, in :func:`bot.features.registry`:

- a *composer* for an intent: builds the answer (e.g. this Saturday's activities) instead of
  the static text from ``answers.yaml``;
- *commands* (``/privacy``) and *button handlers* for a payload prefix (``lead:``);
- an answer for a *kind* of message other than text (a voice note heard), given once the
  core found no danger in it;
- *interceptors*, tried before anything else, and *input handlers*, tried for free text
  once it is known not to be a cry for help (the answer to "Typ je vraag");
- *afterwards* hooks, tried once a message is answered: one may add a question of its own
  after the answer (a parent from before the child was asked is asked once, at the next
  message, without losing what that message asked);
- a *follow-up answerer* for a topic: "hoeveel kost het" right after the clubs gets their
  prices (the core falls back to answering the topic again).

Each receives a :class:`Context` and returns a :class:`Step`. Scheduled work (a reminder
that is due) answers no message: a *job* receives a :class:`JobContext` instead, and the
helpers both use take the :class:`Surroundings` they share.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, TypeVar

from bot.core.hours import WorkingHours
from bot.core.messages import Incoming, Reply
from bot.core.ports import Store
from bot.core.render import Renderer
from bot.core.state import UserState
from content.loader import Content
from intents.types import Understanding


@dataclass(frozen=True)
class Context:
    """Everything a feature needs to answer one message."""

    incoming: Incoming
    state: UserState
    content: Content
    render: Renderer
    #: In the configured zone (``content.zone``): its date is today where the users live.
    now: datetime
    store: Store
    understanding: Understanding | None = None
    #: Answer a topic as the core would (its composer or its authored text), e.g. for a deep link.
    topic: Callable[[str, Renderer, UserState], Step] | None = None
    #: The bot's username (``MaatjeBot``) for links staff hand out; ``None`` when unknown.
    bot_username: str | None = None
    #: When youth workers read alerts (MAATJE_SAFEGUARDING_HOURS); ``None``: no promise made.
    safeguarding_hours: WorkingHours | None = None
    #: From this age a pupil may fill in her own medical form (MAATJE_FORM_BY_PUPIL_FROM_AGE);
    #: ``None``: only a parent does.
    form_by_pupil_from_age: int | None = None
    #: The help lines for this danger message were sent already (before anything waited
    #: on the database): answer with the rest only.
    help_lines_sent: bool = False

    @property
    def entities(self) -> Mapping[str, str]:
        return self.understanding.entities if self.understanding else {}


class Surroundings(Protocol):
    """What a helper may use whether a message or the scheduler runs it: the content, the
    clock (in the configured zone) and the store. A :class:`Context` and a
    :class:`JobContext` both are."""

    @property
    def content(self) -> Content: ...

    @property
    def now(self) -> datetime: ...

    @property
    def store(self) -> Store: ...


@dataclass(frozen=True)
class JobContext:
    """What a scheduled job gets: no message, no person, no language of its own; what it
    wants to say goes into the outbox, in the language of whoever it is for."""

    content: Content
    #: In the configured zone (``content.zone``), as for a message.
    now: datetime
    store: Store


#: Scheduled work of a feature (a reminder, an announcement whose time came), run by the
#: deployment's one leader (:mod:`bot.scheduler`); what it returns is not used.
Job = Callable[[JobContext], object]


@dataclass(frozen=True)
class Step:
    """A feature's answer: the replies, the state after it, and the topic it answered."""

    replies: tuple[Reply, ...]
    state: UserState
    intent: str
    #: What the answer was about beyond the message's entities (the sport "boksclub"
    #: names): remembered with the topic, for a follow-up such as "hoeveel kost het".
    about: Mapping[str, str] = field(default_factory=dict)
    #: The referral given for an out-of-scope message (its key in ``details.yaml``), if any.
    referral: str | None = None
    #: What "➕ Meer" shows: the rest of an answer that does not fit one phone screen
    #: (see :mod:`bot.core.screen`); empty when the replies say it all.
    more: tuple[Reply, ...] = ()
    #: Words the person confirmed as theirs (a voice note heard, then ✅): the core answers
    #: them as if typed, its danger check first, after ``replies``. Only a button's step.
    as_typed: str | None = None


Composer = Callable[[Context], Step]
ButtonHandler = Callable[[Context, str], Step]
#: Looks at a message before the core does and takes it (a ``Step``) or lets it pass (``None``).
Interceptor = Callable[[Context], Step | None]
#: Answers a follow-up of a kind ("price", "place"…) about its topic, or ``None`` to let the
#: core answer the topic itself. The context's entities are the topic's remembered ones.
FollowUpAnswer = Callable[[Context, str], Step | None]
#: A handler kind in a registry (a composer or a button handler).
H = TypeVar("H")


@dataclass(frozen=True)
class Features:
    """The registered composers (by intent), commands (by name) and buttons (by prefix)."""

    composers: Mapping[str, Composer] = field(default_factory=dict)
    commands: Mapping[str, Composer] = field(default_factory=dict)
    buttons: Mapping[str, ButtonHandler] = field(default_factory=dict)
    #: Tried first, for every kind of message (deep links, replies to staff notifications).
    interceptors: tuple[Interceptor, ...] = ()
    #: Tried for free text after the safety check: answers to a question Maatje asked.
    input_handlers: tuple[Interceptor, ...] = ()
    #: Follow-up answerers by the topic (intent) they answer about.
    followups: Mapping[str, FollowUpAnswer] = field(default_factory=dict)
    #: Tried after a message was answered (see :meth:`bot.core.dialogue.Maatje.handle`): the
    #: first ``Step`` taken adds its replies after the answer and gives the state.
    afterwards: tuple[Interceptor, ...] = ()
    #: Free text naming an action (``questions.yaml`` ``actions``: "verwijder mijn
    #: gegevens"): the handler asks with one tap first, or ``None`` when it does not apply.
    actions: Mapping[str, Interceptor] = field(default_factory=dict)
    #: The answer to a kind of message other than text, by its ``Kind`` value (``voice``):
    #: tried after the core's own danger check, so safety never depends on a feature.
    kinds: Mapping[str, Composer] = field(default_factory=dict)

    def button_handler(self, payload: str) -> ButtonHandler | None:
        prefix = payload.split(":", 1)[0]
        return self.buttons.get(prefix)


def merge(*parts: Features) -> Features:
    """One registry from several features' registrations, keeping every kind of handler.

    A composer intent, command, button prefix or message kind registered twice raises: a later
    registration silently winning hid which feature answers a topic. Interceptors and
    input handlers keep the order of ``parts`` (the first that takes a message wins).
    """
    composers: dict[str, Composer] = {}
    commands: dict[str, Composer] = {}
    buttons: dict[str, ButtonHandler] = {}
    interceptors: list[Interceptor] = []
    input_handlers: list[Interceptor] = []
    followups: dict[str, FollowUpAnswer] = {}
    afterwards: list[Interceptor] = []
    actions: dict[str, Interceptor] = {}
    kinds: dict[str, Composer] = {}
    for part in parts:
        _add("composer", composers, part.composers)
        _add("command", commands, part.commands)
        _add("button prefix", buttons, part.buttons)
        interceptors.extend(part.interceptors)
        input_handlers.extend(part.input_handlers)
        _add("follow-up answerer", followups, part.followups)
        afterwards.extend(part.afterwards)
        _add("typed action", actions, part.actions)
        _add("message kind", kinds, part.kinds)
    return Features(composers, commands, buttons, tuple(interceptors), tuple(input_handlers),
                    followups, tuple(afterwards), actions, kinds)


def _add(kind: str, target: dict[str, H], source: Mapping[str, H]) -> None:
    """Add ``source`` to ``target``; a name already there is a registration mistake."""
    clash = sorted(target.keys() & source.keys())
    if clash:
        raise ValueError(f"{kind} registered twice: {clash}")
    target.update(source)
