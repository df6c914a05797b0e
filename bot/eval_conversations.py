"""``maatje eval --conversations FILE``: measure whole conversations, not single messages.

One conversation a line: ``{"id", "role", "language_code", "turns": [{"text", "intents":
[...], "entity": {...}?}]}``. Each turn goes through the core with the state the earlier
turns left (the topic memory included), so "hoeveel kost het" after the clubs is judged
as a pupil meets it. A turn is right when the topic answered is among its ``intents`` and,
where an ``entity`` is given, what the answer was about matches it. "Bedoel je…?" (and
"Waarover gaat je vraag?") counts as ``clarify``, the offer of a person as ``handover``:
wrong unless listed.

A *follow-up* turn is one that stays on the previous turn's topic (the two share an
intent), or one marked ``"follow_up": true``; its accuracy is reported on its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind, Trace
from bot.core.state import UserState
from bot.eval import TURN_ACCURACY
from intents.normalize import normalize

__all__ = ["TURN_ACCURACY", "ConversationReport", "judge_conversations", "read_conversations"]


@dataclass(frozen=True)
class GoldTurn:
    """One message of a conversation and what answers it rightly."""

    text: str
    intents: tuple[str, ...]
    entity: Mapping[str, str]
    follow_up: bool


@dataclass(frozen=True)
class Conversation:
    """A labelled conversation of a pupil or a parent."""

    id: str
    role: str | None
    language_code: str | None
    turns: tuple[GoldTurn, ...]


@dataclass(frozen=True)
class JudgedTurn:
    """A turn, what Maatje answered, and about what."""

    conversation: str
    gold: GoldTurn
    answered: str
    about: Mapping[str, str]
    follow_up: str | None

    @property
    def correct(self) -> bool:
        if self.answered not in self.gold.intents:
            return False
        return all(normalize(self.about.get(k, "")) == normalize(v)
                   for k, v in self.gold.entity.items())


def read_conversations(path: Path) -> list[Conversation]:
    """Every conversation of a JSON Lines file; a malformed line raises ``ValueError``."""
    found: list[Conversation] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                found.append(_conversation(json.loads(line)))
            except (ValueError, TypeError, KeyError, AttributeError) as error:
                raise ValueError(f"line {number}: {error}") from error
    return found


def _conversation(row: dict[str, Any]) -> Conversation:
    turns: list[GoldTurn] = []
    for index, turn in enumerate(row["turns"]):
        intents = tuple(str(i) for i in turn["intents"])
        if not isinstance(turn["text"], str) or not intents:
            raise ValueError("each turn needs a text and at least one intent")
        earlier = turns[index - 1].intents if index else ()
        marked = turn.get("follow_up")
        follow_up = bool(marked) if marked is not None else bool(set(intents) & set(earlier))
        entity = {str(k): str(v) for k, v in (turn.get("entity") or {}).items()}
        turns.append(GoldTurn(turn["text"], intents, entity, follow_up))
    if not turns:
        raise ValueError("a conversation needs turns")
    code = row.get("language_code")
    return Conversation(str(row.get("id", "")), row.get("role"),
                        code if isinstance(code, str) else None, tuple(turns))


def judge_conversations(
    core: Maatje, conversations: Iterable[Conversation], now: datetime | None = None
) -> list[JudgedTurn]:
    """Each conversation as one onboarded person, its turns one after the other."""
    moment = now or datetime.now(core.content.zone)
    judged: list[JudgedTurn] = []
    for number, conversation in enumerate(conversations):
        state = UserState(onboarded=True, role=conversation.role, age_band="13+")
        for turn in conversation.turns:
            incoming = Incoming(f"eval:{number}", Kind.TEXT, text=turn.text,
                                language_hint=conversation.language_code)
            result = core.handle(incoming, state, now=moment)
            state = result.state
            trace = result.outcome.trace
            judged.append(JudgedTurn(conversation.id, turn, _answered(trace),
                                     _about(trace, state), trace.follow_up))
    return judged


def _answered(trace: Trace) -> str:
    """The topic answered; "Bedoel je…?" and the offer of a person by their own names."""
    return trace.fallback or trace.intent


def _about(trace: Trace, state: UserState) -> dict[str, str]:
    """What the answer was about: the message's entities, and the topic's remembered ones."""
    about = dict(trace.entities)
    if state.topic == trace.intent:
        about.update(dict(state.topic_entities))
    return about


@dataclass(frozen=True)
class ConversationReport:
    """Turn accuracy, follow-up accuracy and whole-conversation accuracy."""

    judged: Sequence[JudgedTurn]

    @property
    def turn_accuracy(self) -> float:
        return _ratio(sum(j.correct for j in self.judged), len(self.judged))

    @property
    def follow_ups(self) -> list[JudgedTurn]:
        return [j for j in self.judged if j.gold.follow_up]

    @property
    def follow_up_accuracy(self) -> float:
        return _ratio(sum(j.correct for j in self.follow_ups), len(self.follow_ups))

    @property
    def conversation_accuracy(self) -> float:
        ids = {j.conversation for j in self.judged}
        wrong = {j.conversation for j in self.judged if not j.correct}
        return _ratio(len(ids - wrong), len(ids))

    def summary(self) -> dict[str, Any]:
        return {
            "conversations": len({j.conversation for j in self.judged}),
            "turns": len(self.judged),
            "turn_accuracy": round(self.turn_accuracy, 4),
            "follow_up_turns": len(self.follow_ups),
            "follow_up_accuracy": round(self.follow_up_accuracy, 4),
            "conversation_accuracy": round(self.conversation_accuracy, 4),
        }

    def failures(self, turns: float) -> list[str]:
        if self.turn_accuracy >= turns:
            return []
        return [f"turn accuracy {self.turn_accuracy:.3f} is below {turns:.3f}"]

    def render(self, errors: bool = False) -> str:
        lines = [f"{key:22} {value}" for key, value in self.summary().items()]
        if errors:
            lines += ["", "wrong turns (conversation: gold → answered [follow-up] | text):"]
            lines += [f"  {j.conversation}: {'/'.join(j.gold.intents)} → {j.answered} "
                      f"[{j.follow_up or '-'}] {dict(j.about)} | {j.gold.text}"
                      for j in self.judged if not j.correct]
        return "\n".join(lines)


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 1.0
