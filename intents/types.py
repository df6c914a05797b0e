"""Plain result types shared by every step of the understanding pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field

INTENTS: tuple[str, ...] = (
    "greeting",
    "help",
    "activities",
    "camp_info",
    "camp_packing",
    "camp_medical_form",
    "absence",
    "club_join",
    "register_interest",
    "volunteer",
    "contact",
    "location",
    "language",
    "word_meaning",
    "subscribe",
    "unsubscribe",
    "privacy",
    "thanks",
    "safeguarding",
    "out_of_scope",
)

#: The twelve languages Maatje answers in; Dutch is the source language.
CONTENT_LANGUAGES: tuple[str, ...] = (
    "nl", "en", "fr", "ar", "uk", "ru", "fa", "ps", "ti", "so", "tr", "es",
)


@dataclass(frozen=True)
class Candidate:
    """One intent and how sure the pipeline is about it (0–1)."""

    intent: str
    score: float


@dataclass(frozen=True)
class LanguageGuess:
    """The language of the text itself (ISO 639-1 or ``und``) and a confidence."""

    code: str
    confidence: float


@dataclass(frozen=True)
class Understanding:
    """Everything the dialogue core needs to know about one message."""

    text: str
    normalized: str
    language: LanguageGuess
    candidates: tuple[Candidate, ...]
    entities: dict[str, str] = field(default_factory=dict)
    safeguarding: bool = False
    #: Not danger, but the classifier leaned towards it (a safeguarding score from
    #: ``CONCERN_FLOOR`` in intents/pipeline.py): answer the question and ask gently
    #: whether all is well, instead of showing the help lines.
    concern: bool = False
    #: How sure the pipeline is of the top topic, on the scale the threshold is set in;
    #: ``None`` means the top candidate's own score.
    confidence: float | None = None
    #: A short follow-up about the topic just answered ("hoeveel kost het"): its kind
    #: (``intents.followups.KINDS``), for the dialogue to answer about the topic it remembers.
    follow_up: str | None = None
    #: The message is nothing but the follow-up ("en waar is dat?"): it asks about the
    #: remembered topic even when the classifier is sure of another one.
    follow_up_bare: bool = False
    #: With no topic remembered this follow-up kind may be a question of its own
    #: ("wat moet ik meenemen?": the packing list), when the classifier is sure of one.
    follow_up_standalone: bool = False

    @property
    def top(self) -> Candidate:
        """The likeliest intent, scored with the confidence the threshold is compared to."""
        first = self.candidates[0]
        return first if self.confidence is None else Candidate(first.intent, self.confidence)
