"""``maatje content check``: is all content valid, complete and simple Dutch?

Three passes: the schema and completeness of every file (as the loader in strict mode),
with texts that contradict a structured field (``content/contradictions.py``); the A2
linter (``content/lint.py``) on every authored Dutch text; and — as information, not as a
failure — the translations no native speaker has reviewed yet.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from content import lint
from content.catalog import Entry, entries
from content.contradictions import contradiction_problems
from content.loader import CAMP_FILE, UI_FILE, Content, ContentError, load_content
from content.quoted import wrong_labels
from content.schema import LABEL_JOIN, MAX_LABEL, is_parent_wording
from content.terms import misuses
from intents.types import CONTENT_LANGUAGES


@dataclass(frozen=True)
class Finding:
    """A Dutch sentence harder than A2: where it is, what is wrong, the sentence."""

    file: str
    key: str
    rule: str
    message: str
    sentence: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.rule}: {self.message}\n    «{self.sentence}»"


@dataclass(frozen=True)
class Report:
    """Everything the check found."""

    problems: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unreviewed: list[tuple[str, str]] = field(default_factory=list)
    texts: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and not self.findings

    def unreviewed_by_language(self) -> Counter[str]:
        return Counter(lang for _, lang in self.unreviewed)


#: Measures what people see of the content (``bot.screens.screen_problems``: every
#: answer's first phone screen, rendered by the core), one line per problem.
ScreenCheck = Callable[[Content], list[str]]


def check_folder(
    folder: Path, zone: ZoneInfo | None = None, screens: ScreenCheck | None = None
) -> Report:
    """Validate, lint and count unreviewed translations in a content folder (read in the
    configured ``zone`` when there is one: see :func:`content.loader.load_content`).

    ``screens`` also measures each answer's first message (``maatje content check``
    passes the core's): content knows no features, so it cannot render them itself."""
    try:
        content: Content | None = load_content(folder, strict=True, zone=zone)
        problems: list[str] = []
    except ContentError as error:
        content, problems = None, error.problems
    if content is not None:
        problems.extend(label_problems(content))
        problems.extend(contradiction_problems(content))
    if content is not None and screens is not None:
        problems.extend(screens(content))
    texts = entries(folder, tolerant=True)
    if content is not None:
        problems.extend(term_problems(content, texts))
        problems.extend(quoted_label_problems(content, texts))
    problems.extend(pashto_register_problems(texts))
    glossary = lint.glossary_terms(_glossary_words(content, texts))
    allow = lint.allow_list() | names(content)
    findings = [
        Finding(entry.file, _local_key(entry), offence.rule, offence.message, offence.sentence)
        for entry in texts
        for offence in lint.lint_text(entry.dutch, glossary=glossary, allow=allow,
                                      polite=is_parent_wording(entry.path))
    ]
    unreviewed = [
        (entry.key, lang) for entry in texts for lang in CONTENT_LANGUAGES[1:]
        if (found := entry.translation(lang)) is not None and not found[1]
    ]
    return Report(problems, findings, unreviewed, len(texts))


def term_problems(content: Content, texts: Iterable[Entry]) -> list[str]:
    """Translations that call a thing by a word ``terms.yaml`` says to avoid."""
    if not content.terms:
        return []
    problems = []
    for entry in texts:
        translations = [(lang, found[0]) for lang in CONTENT_LANGUAGES[1:]
                        if (found := entry.translation(lang)) is not None]
        for misuse in misuses(content.terms, entry.dutch, translations):
            problems.append(f"{entry.file}: {_local_key(entry)}: {misuse}")
    return problems


#: Pashto keeps one register (issue 22): تاسو for pupils and parents alike, as Dari keeps
#: شما. Whole words that only the familiar ته-register uses (ته "to" and دې "this" are not
#: among them: they are also the postposition and the demonstrative).
PASHTO_FAMILIAR_WORDS = (
    "ستا", "تا", "تاته", "شې", "غواړې", "کوې", "راځې", "وینې", "پوهېږې", "ډکوې", "ووایې",
    "وپوښتې", "ولېږې", "وټاکې", "کېکاږې", "کېکاږه", "وټاکه", "ولیکه", "وپوښته", "ولېږه",
    "یوسه", "هېروه", "وسپاره", "وکړه", "ووایه",
)
PASHTO_POLITE_WORDS = ("تاسو", "ستاسو", "تاسې", "ستاسې")
_WORD = r"(?<![\w\u200c])(?:{})(?![\w\u200c])"
_PASHTO_FAMILIAR = re.compile(
    _WORD.format("|".join(PASHTO_FAMILIAR_WORDS))
    # ته "you" opens a sentence or a clause; the postposition follows a word.
    + r"|(?:^|[.!?؟:،\n]|[\U0001F000-\U0001FFFF\u2600-\u27BF]\ufe0f?)\s*(ته)(?![\w\u200c])"
    + r"|(?<![\w\u200c])(?:که|چې|یوازې|ایا|اوس)\s+(ته)(?![\w\u200c])")
_PASHTO_POLITE = re.compile(_WORD.format("|".join(PASHTO_POLITE_WORDS)))


def pashto_register(text: str) -> str | None:
    """What is wrong with the register of a Pashto text: a familiar form (ته, ستا, a
    singular verb), alone or mixed with تاسو; ``None`` when it keeps to تاسو."""
    found = _PASHTO_FAMILIAR.search(text)
    if found is None:
        return None
    word = found.group(1) or found.group(2) or found.group(0)
    if _PASHTO_POLITE.search(text):
        return f"mixes the familiar «{word}» with تاسو; Pashto texts say تاسو throughout"
    return f"says the familiar «{word}»; Pashto texts say تاسو"


def pashto_register_problems(texts: Iterable[Entry]) -> list[str]:
    """Pashto translations that leave the one register every Pashto text keeps."""
    problems = []
    for entry in texts:
        found = entry.translation("ps")
        if found is not None and (wrong := pashto_register(found[0])) is not None:
            problems.append(f"{entry.file}: {_local_key(entry)}: the ps text {wrong}")
    return problems


def quoted_label_problems(content: Content, texts: Iterable[Entry]) -> list[str]:
    """Translations that name a button by something else than its label in that language."""
    buttons = {key: text for key, text in content.ui.items()
               if key.startswith("button.") and key not in NOT_LABELS}
    problems = []
    for entry in texts:
        translations = [(lang, found[0]) for lang in CONTENT_LANGUAGES[1:]
                        if (found := entry.translation(lang)) is not None]
        for wrong in wrong_labels(entry.dutch, translations, buttons):
            problems.append(f"{entry.file}: {_local_key(entry)}: {wrong}")
    return problems


#: ``button.`` keys that are messages, not labels.
NOT_LABELS = frozenset({"button.stale"})


def label_problems(content: Content) -> list[str]:
    """Buttons Telegram would cut, losing the translation: a ``button.*`` label shown as
    "Dutch · own language", or a parent's question (shown in the own language alone
    when both do not fit) longer than :data:`MAX_LABEL` characters."""
    problems = []
    for key, text in content.ui.items():
        if not key.startswith("button.") or key in NOT_LABELS:
            continue
        for lang in CONTENT_LANGUAGES[1:]:
            label = f"{text.nl}{LABEL_JOIN}{_without_leading_symbols(text.get(lang))}"
            if text.has(lang) and len(label) > MAX_LABEL:
                problems.append(f"{UI_FILE}: {key}: the {lang} button has {len(label)} "
                                f"characters with the Dutch; Telegram shows {MAX_LABEL}")
    for question in content.camp.parent_questions if content.camp else ():
        for lang in CONTENT_LANGUAGES:
            if len(question.question.get(lang)) > MAX_LABEL:
                problems.append(f"{CAMP_FILE}: parent_questions.{question.id}.question: the "
                                f"{lang} button is longer than {MAX_LABEL} characters")
    return problems


def _without_leading_symbols(label: str) -> str:
    """As the renderer shows the second language of a label: without its emoji."""
    index = 0
    while index < len(label) and not label[index].isalnum():
        index += 1
    return label[index:] or label


def names(content: Content | None) -> frozenset[str]:
    """Words of proper names in the content (clubs, places, people) that the linter accepts."""
    if content is None:
        return frozenset()
    found: list[str] = [club.name for club in content.clubs]
    found += [f"{club.commune} {club.address}" for club in content.clubs]
    found += [f"{place.name} {place.address} {place.stop or ''}" for place in content.places.values()]
    if content.contacts is not None:
        found.append(content.contacts.organisation.name)
        found += [worker.name for worker in content.contacts.youth_workers]
    return frozenset(word for name in found for word in _words(name))


def _words(name: str) -> Iterable[str]:
    for word in name.replace(",", " ").replace("(", " ").replace(")", " ").split():
        if word.isalpha() or "-" in word:
            yield word.lower()


def _glossary_words(content: Content | None, texts: list[Entry]) -> list[str]:
    if content is not None:
        return list(content.glossary)
    return [entry.key.split(".", 1)[1] for entry in texts if entry.file == "glossary.yaml"]


def _local_key(entry: Entry) -> str:
    """The key inside its file: ``camp_info.text`` for answers.yaml."""
    return entry.key.split(".", 1)[1] if "." in entry.key else entry.key
