"""Load and validate the content folder into one immutable :class:`Content` object.

Content is read once at start (and again on reload) and then passed to whoever needs it;
nothing reads the files while answering. Every problem is reported with its file and
key, so a youth worker who broke a file knows where to look.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from content.activities import Activity
from content.bidi import fill
from content.camp import Camp
from content.clubs import Club
from content.derived import fill_all, language_values, placeholders_in
from content.details import Details
from content.glossary import GlossaryEntry
from content.helplines import Helplines
from content.phrases import PHRASE_ID, Phrase
from content.places import Contacts, Place
from content.printed_form import PrintedForm
from content.questions import Questions
from content.schema import PARENT_ROLE, PARENT_SUFFIX, Answer, Text, placeholders
from content.terms import Term
from content.volunteering import Volunteering
from content.zone import DEFAULT_TIMEZONE, context, zone_named
from intents.types import INTENTS

ANSWERS_FILE = "answers.yaml"
UI_FILE = "ui.yaml"
ACTIVITIES_FILE = "activities.yaml"
IMPORTED_ACTIVITIES_FILE = "activities-imported.yaml"
CAMP_FILE = "camp.yaml"
#: The printable medical form's texts (Maatje prints the PDF from them: content/formpdf.py).
MEDICAL_FORM_FILE = "medical_form.yaml"
CLUBS_FILE = "clubs.yaml"
PLACES_FILE = "places.yaml"
#: Files the packing-list picture is drawn with, read at load (the PDFs' Noto fonts are
#: read by fpdf2 from ``fonts/`` when a PDF is made: content/pdf.py).
PICTURE_ASSETS = ("icons/*.png", "fonts/DejaVu*.ttf")
CONTACTS_FILE = "contacts.yaml"
VOLUNTEERING_FILE = "volunteering.yaml"
GLOSSARY_FILE = "glossary.yaml"
HELPLINES_FILE = "helplines.yaml"
QUESTIONS_FILE = "questions.yaml"
#: One word per thing in each language (optional: checked by ``maatje content check``).
TERMS_FILE = "terms.yaml"
#: Quick replies for youth workers (optional: a folder without it offers none).
PHRASES_FILE = "phrases.yaml"
#: The top-level key that marks a content file as still holding the shipped examples.
EXAMPLE_MARKER = "example"
DETAILS_FILE = "details.yaml"
_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(_BASE_LOADER):  # type: ignore[valid-type,misc]
    """libyaml's parser when PyYAML has it (about six times faster on the big files).

    Unlike PyYAML's default, a key written twice in one mapping is an error: otherwise
    a lost line silently gives one text another's words.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark,
                    f"the key {key!r} is written twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


FAST_LOADER = StrictLoader
#: UI keys read only by youth workers, who work in Dutch: no translations required.
STAFF_ONLY_PREFIX = "staff."
#: Texts a wrong translation can hurt someone with: danger and help lines, consent, medical.
#: Matched against "<file>.<key>" (or an export key, which starts with the file's name), so
#: that a whole file (helplines, medical_form) and keys anywhere (``consent.…``,
#: ``safeguarding.…``, ``glossary.toestemming``) count; ``maatje doctor`` and the review sheet
#: (``maatje content review``) share it.
SENSITIVE = re.compile(r"safeguarding|consent|toestemming|medic|helpline|lines\.|concern|sos")


def is_sensitive(name: str) -> bool:
    """Whether the text named ``<file>.<key>`` (or by its export key) needs a native speaker first."""
    return SENSITIVE.search(name) is not None

M = TypeVar("M", bound=BaseModel)


class ContentError(Exception):
    """Content that cannot be used, with every problem found (file, key, reason)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Content:
    """All authored texts and facts, validated."""

    answers: Mapping[str, Answer]
    ui: Mapping[str, Text]
    directory: Path
    activities: tuple[Activity, ...] = ()
    camp: Camp | None = None
    #: The printable medical form (``medical_form.yaml``).
    printed_form: PrintedForm | None = None
    clubs: tuple[Club, ...] = ()
    places: Mapping[str, Place] = field(default_factory=dict)
    contacts: Contacts | None = None
    volunteering: Volunteering | None = None
    glossary: Mapping[str, GlossaryEntry] = field(default_factory=dict)
    helplines: Helplines | None = None
    questions: Questions | None = None
    terms: Mapping[str, Term] = field(default_factory=dict)
    #: The staff phrasebook: quick replies by id, in the file's order.
    phrases: Mapping[str, Phrase] = field(default_factory=dict)
    #: Short answers inside a topic and referrals for what Maatje does not do (optional file).
    details: Details = field(default_factory=Details)
    attachments: Mapping[str, bytes] = field(default_factory=dict)
    #: PDFs made from this content, by name and what went into them (content/formpdf.py):
    #: made once, on first use, never at load.
    printed: dict[tuple[str, ...], bytes] = field(default_factory=dict, compare=False, repr=False)
    #: Files still marked ``example: true`` (see :func:`read_yaml`): not ready to go live.
    examples: frozenset[str] = frozenset()
    #: The configured time zone (``MAATJE_TIMEZONE``): the files' times are read in it and
    #: every date and time is shown in it.
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))
    #: In a parent's view (:meth:`for_role`), the content it was made from; else ``None``.
    pupils: Content | None = field(default=None, compare=False, repr=False)

    def answer(self, intent: str) -> Answer:
        """The answer for ``intent``; unknown intents get the help answer."""
        return self.answers.get(intent) or self.answers["help"]

    def for_role(self, role: str | None) -> Content:
        """This content as someone of ``role`` reads it. A parent gets the parent wording
        wherever one is written (an answer's ``parent``, a ui key's ``@parent``, camp.yaml's
        and details.yaml's ``parent``), so no feature has to choose: it reads ``ctx.content`` as always. Asked
        of a parent's view, it starts from the content itself (a role just changed)."""
        root = self.pupils or self
        return root._for_parents if role == PARENT_ROLE else root

    @cached_property
    def _for_parents(self) -> Content:
        """Made once per loaded content, at a parent's first message."""
        ui = dict(self.ui)
        for key, text in self.ui.items():
            if key.endswith(PARENT_SUFFIX):
                ui[key.removesuffix(PARENT_SUFFIX)] = text
        return replace(
            self,
            answers={intent: answer.for_parent() for intent, answer in self.answers.items()},
            ui=ui,
            camp=self.camp.for_parent() if self.camp else None,
            details=self.details.for_parent(),
            printed={},  # its PDFs say "uw kind" too: never one made for a pupil
            pupils=self,
        )

    def ui_text(self, key: str, lang: str, **fields: object) -> str:
        """A UI string in ``lang`` with its ``{placeholders}`` filled in, each value
        isolated when ``lang`` is right to left (a date stays one unit in Arabic)."""
        text = self.ui.get(key)
        if text is None:
            raise KeyError(f"ui string {key!r} is missing from {UI_FILE}")
        return fill(text.get(lang), fields, lang)

    def has_ui(self, key: str) -> bool:
        return key in self.ui

    def place(self, ref: str | None) -> Place | None:
        """The place an activity or the camp refers to by id."""
        return self.places.get(ref) if ref else None

    def attachment(self, name: str) -> bytes | None:
        """A file shipped in the content folder (an icon, a font), read at load time."""
        return self.attachments.get(name)


def default_content_dir() -> Path:
    """The sample content shipped with Maatje."""
    return Path(__file__).resolve().parent / "data"


def load_content(
    directory: Path | None = None, *, strict: bool = True, zone: ZoneInfo | None = None
) -> Content:
    """Read and validate the content folder; raise :class:`ContentError` listing every problem.

    ``strict`` (the default, at run time too) demands every file, every intent's answer
    and every translation of authored content (imported activities are Dutch only).
    Without it, a missing structured file only leaves that part empty: for tests and for
    a folder being built up.

    ``zone`` is the configured time zone (``Settings.zone``); the ``timezone`` that
    ``activities.yaml`` names must be the same. Without it (tools that have no settings)
    the folder is read in the zone it names, or the default one.
    """
    folder = directory or default_content_dir()
    problems: list[str] = []
    reader = _Reader(folder, problems, optional=not strict)
    zone = _zone(reader, zone)
    reader.zone = zone
    content = Content(
        answers=_load_mapping(folder / ANSWERS_FILE, Answer, problems, reader.examples),
        ui=_load_mapping(folder / UI_FILE, Text, problems, reader.examples),
        directory=folder,
        activities=_load_activities(reader),
        camp=reader.single(CAMP_FILE, Camp),
        printed_form=_load_printed_form(reader),
        clubs=tuple(reader.items(CLUBS_FILE, Club, "clubs")),
        places={place.id: place for place in reader.items(PLACES_FILE, Place, "places")},
        contacts=reader.single(CONTACTS_FILE, Contacts),
        volunteering=reader.single(VOLUNTEERING_FILE, Volunteering),
        glossary=reader.mapping(GLOSSARY_FILE, GlossaryEntry),
        helplines=reader.single(HELPLINES_FILE, Helplines),
        questions=reader.single(QUESTIONS_FILE, Questions),
        terms=reader.mapping(TERMS_FILE, Term, optional=True),
        phrases=reader.mapping(PHRASES_FILE, Phrase, optional=True),
        details=_load_details(reader),
        zone=zone,
    )
    attachments = _picture_assets(folder, problems)
    content = replace(content, attachments=attachments, examples=frozenset(reader.examples))
    if strict:
        problems.extend(derived_problems(content))
    content = with_derived_facts(content)
    for required in ("help", "out_of_scope", "safeguarding"):
        if required not in content.answers:
            problems.append(f"{ANSWERS_FILE}: {required}: this answer is required")
    problems.extend(reference_problems(content))
    problems.extend(parent_key_problems(content.ui))
    problems.extend(phrase_problems(content))
    if strict:
        problems.extend(completeness_problems(content))
        problems.extend(question_problems(content))
    if problems:
        raise ContentError(problems)
    return content


#: The parts of :class:`Content` whose texts may use a derived placeholder (content/derived.py).
FILLED_PARTS = ("answers", "ui", "activities", "camp", "printed_form", "clubs", "places",
                "contacts", "volunteering", "glossary", "helplines", "details")


def with_derived_facts(content: Content) -> Content:
    """Content whose ``{camp_cost}``, ``{camp_start}``… are written out from ``camp.yaml``:
    every reader (the chat, the PDF, the export) sees the fact as it is typed once."""
    if content.camp is None:
        return content
    values = language_values(content.camp, content.ui)
    return replace(content, **{part: fill_all(getattr(content, part), values)
                               for part in FILLED_PARTS})


def derived_problems(content: Content) -> list[str]:
    """A derived placeholder with nothing to derive it from: no ``camp.yaml``, or no
    ``camp.cost.*`` texts in ``ui.yaml`` for ``{camp_cost}``."""
    missing = {"camp_cost"} if not all(key in content.ui for key in ("camp.cost.free",
                                                                     "camp.cost.paid")) else set()
    problems = []
    for file, key, text in authored_texts(content):
        used = placeholders_in(text)
        lacking = used if content.camp is None else used & missing
        if lacking:
            problems.append(f"{file}: {key}: {{{sorted(lacking)[0]}}} needs "
                            + ("camp.yaml" if content.camp is None else "camp.cost.free and "
                               "camp.cost.paid in ui.yaml"))
    return problems


def parent_key_problems(ui: Mapping[str, Text]) -> list[str]:
    """A ``KEY@parent`` with no ``KEY`` (a typo: parents would never read it), or with
    other ``{placeholders}`` than ``KEY`` (Maatje fills in the key's)."""
    problems = []
    for key, text in ui.items():
        if not key.endswith(PARENT_SUFFIX):
            continue
        base = ui.get(key.removesuffix(PARENT_SUFFIX))
        if base is None:
            problems.append(f"{UI_FILE}: {key}: there is no {key.removesuffix(PARENT_SUFFIX)} "
                            "for parents to read it instead of")
        elif placeholders(text.nl) != placeholders(base.nl):
            problems.append(f"{UI_FILE}: {key}: placeholders {sorted(placeholders(text.nl))} "
                            f"differ from {sorted(placeholders(base.nl))}")
    return problems


def reference_problems(content: Content) -> list[str]:
    """Ids that point nowhere: a place that is not in places.yaml."""
    problems: list[str] = []
    known = content.places
    if known:
        for activity in content.activities:
            if activity.place and not activity.imported and activity.place not in known:
                problems.append(f"{ACTIVITIES_FILE}: {activity.id}.place: no place "
                                f"'{activity.place}' in {PLACES_FILE}")
    camp = content.camp
    if camp is not None:
        for name in ("place", "meeting_point"):
            ref = getattr(camp, name)
            if ref and known and ref not in known:
                problems.append(f"{CAMP_FILE}: {name}: no place '{ref}' in {PLACES_FILE}")
    contacts = content.contacts
    if contacts and contacts.organisation.place and known and contacts.organisation.place not in known:
        problems.append(f"{CONTACTS_FILE}: organisation.place: no place "
                        f"'{contacts.organisation.place}' in {PLACES_FILE}")
    return problems


def phrase_problems(content: Content) -> list[str]:
    """A phrase id a button cannot carry (small letters, digits and ``_``, at most 20)."""
    return [f"{PHRASES_FILE}: {key}: write the id in small letters, digits and _ (at most 20)"
            for key in content.phrases if not re.fullmatch(PHRASE_ID, key)]


def question_problems(content: Content) -> list[str]:
    """A detail that answers with a parents' question camp.yaml does not have. Only the
    content check says so: in the chat such a detail is skipped (the topic answers), so
    a camp.yaml with fewer questions keeps working."""
    camp = content.camp
    asked = {question.id for question in camp.parent_questions} if camp else set()
    return [f"{DETAILS_FILE}: {key}: no parents' question '{ref}' in {CAMP_FILE}"
            for key, ref in content.details.questions() if ref not in asked]


def _picture_assets(folder: Path, problems: list[str]) -> dict[str, bytes]:
    """Icons and the font the packing-list picture is drawn with (``icons/``, ``fonts/``)."""
    found: dict[str, bytes] = {}
    for pattern in PICTURE_ASSETS:
        for path in sorted(folder.glob(pattern)):
            if path.is_file() and (data := _read_bytes(path, problems)) is not None:
                found[path.relative_to(folder).as_posix()] = data
    return found


def _read_bytes(path: Path, problems: list[str]) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as error:
        problems.append(f"{path.name}: cannot be read: {error.strerror or type(error).__name__}")
        return None


def authored_texts(content: Content) -> Iterator[tuple[str, str, Text]]:
    """Every authored user-facing text as (file, dotted key, text); imported activities excluded."""
    for intent, answer in content.answers.items():
        for name in ("text", "more", "parent", "parent_more"):
            text = getattr(answer, name)
            if text is not None:
                yield ANSWERS_FILE, f"{intent}.{name}", text
    for key, text in content.ui.items():
        yield UI_FILE, key, text
    for activity in content.activities:
        if not activity.imported:
            for name, text in activity.texts():
                yield ACTIVITIES_FILE, f"{activity.id}.{name}", text
    if content.camp is not None:
        for key, text in content.camp.texts():
            yield CAMP_FILE, key, text
    if content.printed_form is not None:
        for key, text in content.printed_form.texts():
            yield MEDICAL_FORM_FILE, key, text
    for club in content.clubs:
        for name, text in club.texts():
            yield CLUBS_FILE, f"{club.id}.{name}", text
    for place in content.places.values():
        for name, text in place.texts():
            yield PLACES_FILE, f"{place.id}.{name}", text
    if content.contacts is not None:
        for key, text in content.contacts.texts():
            yield CONTACTS_FILE, key, text
    if content.volunteering is not None:
        for key, text in content.volunteering.texts():
            yield VOLUNTEERING_FILE, key, text
    for word, entry in content.glossary.items():
        yield GLOSSARY_FILE, f"{word}.explanation", entry.explanation
    if content.helplines is not None:
        for key, text in content.helplines.texts():
            yield HELPLINES_FILE, key, text
    for key, text in content.details.texts():
        yield DETAILS_FILE, key, text
    for key, phrase in content.phrases.items():
        yield PHRASES_FILE, f"{key}.text", phrase.text


def completeness_problems(content: Content) -> list[str]:
    """Missing answers and missing translations of authored (not imported) content."""
    problems = [
        f"{ANSWERS_FILE}: {intent}: no answer" for intent in INTENTS if intent not in content.answers
    ]
    for file, key, text in authored_texts(content):
        if file == UI_FILE and key.startswith(STAFF_ONLY_PREFIX):
            continue
        problems.extend(f"{file}: {key}: no {lang} translation" for lang in text.missing_languages())
    return problems


def _zone(reader: _Reader, configured: ZoneInfo | None) -> ZoneInfo:
    """The zone to read the folder in: the configured one, which ``activities.yaml`` (if it
    names one) must agree with, so its wall-clock times mean what the youth worker meant."""
    raw = reader.raw(ACTIVITIES_FILE)
    named = raw.get("timezone") if isinstance(raw, dict) else None
    if named is None:
        return configured or ZoneInfo(DEFAULT_TIMEZONE)
    try:
        written = zone_named(str(named))
    except ValueError as error:
        reader.problems.append(f"{ACTIVITIES_FILE}: timezone: {error}")
        return configured or ZoneInfo(DEFAULT_TIMEZONE)
    if configured is not None and written.key != configured.key:
        reader.problems.append(
            f"{ACTIVITIES_FILE}: timezone: {written.key}, but Maatje is set to {configured.key} "
            "(MAATJE_TIMEZONE): make them the same")
    return configured or written


def _load_activities(reader: _Reader) -> tuple[Activity, ...]:
    authored = reader.items(ACTIVITIES_FILE, Activity, "activities")
    imported = reader.items(IMPORTED_ACTIVITIES_FILE, Activity, "activities", optional=True)
    seen: set[str] = set()
    for activity in (*authored, *imported):
        if activity.id in seen:
            reader.problems.append(f"{ACTIVITIES_FILE}: {activity.id}: this id is used twice")
        seen.add(activity.id)
    return (*authored, *(a.model_copy(update={"imported": True}) for a in imported))


def _load_printed_form(reader: _Reader) -> PrintedForm | None:
    """``medical_form.yaml``; a folder made before it existed gets the bundled one, so an
    organisation's own content keeps working after an upgrade (copy the file to edit it)."""
    if (reader.folder / MEDICAL_FORM_FILE).is_file():
        return reader.single(MEDICAL_FORM_FILE, PrintedForm)
    bundled = _Reader(default_content_dir(), reader.problems, optional=reader.optional,
                      zone=reader.zone)
    return bundled.single(MEDICAL_FORM_FILE, PrintedForm)


def _load_details(reader: _Reader) -> Details:
    """``details.yaml`` if the folder has one: a folder without it simply has no details."""
    if reader.raw(DETAILS_FILE, optional=True) is None:
        return Details()
    return reader.single(DETAILS_FILE, Details) or Details()


@dataclass
class _Reader:
    """Reads the structured files of one folder, collecting problems instead of raising."""

    folder: Path
    problems: list[str]
    optional: bool
    cache: dict[str, Any] = field(default_factory=dict)
    #: Files still marked ``example: true``.
    examples: set[str] = field(default_factory=set)
    #: The zone the files' times are read in.
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))

    def raw(self, name: str, optional: bool | None = None) -> Any:
        if name not in self.cache:
            path = self.folder / name
            if (self.optional if optional is None else optional) and not path.is_file():
                self.cache[name] = None
            else:
                self.cache[name] = read_yaml(path, self.problems, allow_list=True,
                                             examples=self.examples)
        return self.cache[name]

    def single(self, name: str, model: type[M]) -> M | None:
        raw = self.raw(name)
        if raw is None:
            return None
        try:
            return TypeAdapter(model).validate_python(raw, context=context(self.zone))
        except ValidationError as error:
            self.problems.extend(_describe(self.folder / name, "", error))
            return None

    def items(self, name: str, model: type[M], key: str, *, optional: bool | None = None) -> list[M]:
        raw = self.raw(name, optional)
        if raw is None:
            return []
        entries = _entries(raw, key)
        if entries is None:
            self.problems.append(f"{name}: expected a list of entries under '{key}'")
            return []
        adapter = TypeAdapter(model)
        result: list[M] = []
        for index, entry in enumerate(entries):
            label = entry.get("id", index) if isinstance(entry, dict) else index
            try:
                result.append(adapter.validate_python(entry, context=context(self.zone)))
            except ValidationError as error:
                self.problems.extend(_describe(self.folder / name, str(label), error))
        return result

    def mapping(self, name: str, model: type[M], *, optional: bool | None = None) -> dict[str, M]:
        if self.raw(name, optional) is None:
            return {}
        return _load_mapping(self.folder / name, model, self.problems, self.examples)


def _entries(raw: Any, key: str) -> list[Any] | None:
    if isinstance(raw, list):
        return raw
    if isinstance(raw, dict) and isinstance(raw.get(key), list):
        return list(raw[key])
    if isinstance(raw, dict) and key not in raw:
        return [
            {"id": str(name), **value} if isinstance(value, dict) else value
            for name, value in raw.items()
        ]
    return None


def _load_mapping(
    path: Path, model: type[M], problems: list[str], examples: set[str] | None = None
) -> dict[str, M]:
    raw = read_yaml(path, problems, examples=examples)
    if not isinstance(raw, dict):
        return {}
    result: dict[str, M] = {}
    adapter = TypeAdapter(model)
    for key, value in raw.items():
        try:
            result[str(key)] = adapter.validate_python(value)
        except ValidationError as error:
            problems.extend(_describe(path, str(key), error))
    return result


def _describe(path: Path, key: str, error: ValidationError) -> list[str]:
    """One line per validation error: ``file: key.field: reason``."""
    lines = []
    for detail in error.errors():
        where = ".".join(str(part) for part in detail["loc"])
        lines.append(f"{path.name}: {f'{key}.{where}' if where else key}: {detail['msg']}")
    return lines


def read_yaml(
    path: Path, problems: list[str], *, allow_list: bool = False, examples: set[str] | None = None
) -> Any:
    """Parse a YAML mapping (or list), recording (not raising) what is wrong with the file.

    A top-level ``example: true`` marks a file that still holds the shipped examples; it is
    taken out here (so no schema sees it) and its name added to ``examples``.
    """
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        data = yaml.load(text, Loader=FAST_LOADER)
    except yaml.YAMLError as error:
        problems.append(f"{path.name}: not valid YAML: {_one_line(str(error))}")
        return None
    if isinstance(data, dict) and EXAMPLE_MARKER in data:
        marker = data.pop(EXAMPLE_MARKER)
        if not isinstance(marker, bool):
            problems.append(f"{path.name}: {EXAMPLE_MARKER}: write true (the file still holds "
                            "the examples) or remove the line once they are replaced")
        elif marker and examples is not None:
            examples.add(path.name)
    if isinstance(data, dict) or (allow_list and isinstance(data, list)):
        return data
    problems.append(f"{path.name}: must be a mapping of keys to entries")
    return None


def read_text(path: Path, problems: list[str]) -> str | None:
    """A content file's text, or ``None`` with one line saying what is wrong with it.

    A text editor's "ANSI" save puts a Windows-1252 byte in a UTF-8 file; an unzipped copy
    can leave a folder where a file should be. Both are the youth worker's to fix, so the
    line names the file and the byte, never a traceback.
    """
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(f"{path.name}: file is missing")
    except IsADirectoryError:
        problems.append(f"{path.name}: is a folder, not a file")
    except UnicodeDecodeError as error:
        line = error.object.count(b"\n", 0, error.start) + 1
        problems.append(f"{path.name}: not UTF-8 at line {line} (byte {error.start}: "
                        f"0x{error.object[error.start]:02x}); save the file as UTF-8")
    except OSError as error:
        problems.append(f"{path.name}: cannot be read: {error.strerror or type(error).__name__}")
    return None


def _one_line(message: str) -> str:
    return " ".join(message.split())
