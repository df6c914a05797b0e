"""The simple-Dutch (A2) check: hard texts are refused, easy ones pass, and so does all content."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.helplines import danger_text
from bot.core.languages import LanguagePlan
from content.lint import (
    RULE_AVERAGE,
    RULE_FORMAL,
    RULE_PASSIVE,
    RULE_RARE,
    RULE_SENTENCE,
    RULE_TEXT,
    allow_list,
    dutch_texts,
    glossary_terms,
    lint_text,
    words_of,
)
from content.loader import TERMS_FILE, load_content
from content.schema import is_parent_wording

DATA = Path(__file__).resolve().parents[1] / "content" / "data"
LANGUAGES = ("nl", "en", "fr", "ar", "uk", "ru", "fa", "ps", "ti", "so", "tr", "es")
HARD = (
    "Indien uw kind deelneemt aan het kamp, dient de medische fiche uiterlijk vóór 1 juni "
    "te worden ingediend bij de verantwoordelijke."
)
EASY = [
    "Je ouder vult de medische fiche in.",
    "Geef de fiche aan je jeugdwerker, vóór vrijdag 18 juni.",
    "Op zaterdag 14 december gaan we schaatsen, om 14.00 uur.",
    "🎒 Neem een slaapzak en een zaklamp mee.",
    "Wil je meedoen? Kies een knop.",
]
GLOSSARY = glossary_terms(["medische fiche", "jeugdwerker", "slaapzak", "zaklamp", "gamel"])


def rules(text: str, glossary: frozenset[str] = GLOSSARY) -> set[str]:
    return {offence.rule for offence in lint_text(text, glossary=glossary, allow=allow_list())}


def test_the_hard_official_sentence_is_refused_for_every_reason() -> None:
    offences = lint_text(HARD, glossary=GLOSSARY, allow=allow_list())
    found = {offence.rule for offence in offences}
    assert {RULE_SENTENCE, RULE_FORMAL, RULE_PASSIVE} <= found
    formal = " ".join(o.message for o in offences if o.rule == RULE_FORMAL)
    assert "indien" in formal and "uiterlijk" in formal and "dient" in formal
    assert all(offence.sentence == HARD for offence in offences)


@pytest.mark.parametrize("text", EASY)
def test_easy_sentences_pass(text: str) -> None:
    assert lint_text(text, glossary=GLOSSARY, allow=allow_list()) == []


def test_numbers_times_phones_links_commands_and_placeholders_are_not_words() -> None:
    text = "☎️ Bel 0471 23 45 67 om 14.00 uur, typ /vergeet of kijk op https://example.org {date}."
    assert words_of(text) == ["Bel", "om", "uur", "typ", "of", "kijk", "op"]


def test_a_rare_word_needs_the_glossary_or_the_allow_list() -> None:
    assert RULE_RARE in rules("Neem je gamel mee.", glossary=frozenset())
    assert rules("Neem je gamel mee.") == set()
    assert rules("We spreken af in Anderlecht, bij Clemenceau.") == set()


def test_plurals_and_compounds_of_known_words_pass() -> None:
    assert rules("De slaapzakken liggen klaar.") == set()
    assert rules("Neem zwemkleren en een drinkfles mee.") == set()


def test_long_compounds_of_official_language_are_flagged() -> None:
    assert RULE_RARE in rules("Breng een attest van gezinssamenstelling mee.")


def test_passive_with_door_is_flagged() -> None:
    assert RULE_PASSIVE in rules("De fiche is ingevuld door je ouder.")
    assert RULE_PASSIVE not in rules("Je ouder vult de fiche in.")


def test_formal_you_is_flagged() -> None:
    assert RULE_FORMAL in rules("Wilt u meedoen met uw kind?")


def test_long_average_and_long_text_are_flagged() -> None:
    twelve = "Op zaterdag gaan we samen met de hele groep naar het grote zwembad."
    assert RULE_AVERAGE in rules(f"{twelve} {twelve}")
    assert RULE_TEXT in rules(" ".join(["Kom mee naar het kamp in de zomer."] * 9))


def _content_texts() -> list[tuple[str, str, Any]]:
    """Every text users read; the term list is words to check texts against, not a text."""
    found = []
    for path in sorted(p for p in DATA.glob("*.yaml") if p.name != TERMS_FILE):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.extend((path.name, key, text) for key, text in _texts(data))
    return found


def _texts(data: Any, path: tuple[str, ...] = ()) -> list[tuple[str, Any]]:
    """Every Text (a mapping with an ``nl`` key) with its dotted key."""
    if isinstance(data, dict):
        if isinstance(data.get("nl"), str):
            return [(".".join(path), data)]
        return [t for key, value in data.items() for t in _texts(value, (*path, str(key)))]
    if isinstance(data, list):
        return [
            t
            for index, value in enumerate(data)
            for t in _texts(value, (*path, str(value.get("id", index)) if isinstance(value, dict)
                                else str(index)))
        ]
    return []


def _glossary() -> frozenset[str]:
    data = yaml.safe_load((DATA / "glossary.yaml").read_text(encoding="utf-8"))
    return glossary_terms(data)


def test_every_dutch_text_in_the_content_is_simple_enough() -> None:
    glossary, allow = _glossary(), allow_list()
    problems = []
    for path in sorted(DATA.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, text in dutch_texts(data):
            problems.extend(
                f"{path.name}: {key}: {offence.message}: {offence.sentence!r}"
                for offence in lint_text(text, glossary=glossary, allow=allow,
                                         polite=is_parent_wording(tuple(key.split("."))))
            )
    assert problems == []


def test_a_parent_is_told_u_and_a_pupil_je() -> None:
    text = "Geef de fiche aan de jeugdwerker van uw kind."
    assert RULE_FORMAL in rules(text)
    assert lint_text(text, glossary=GLOSSARY, allow=allow_list(), polite=True) == []
    assert is_parent_wording(("camp_info", "parent")) and is_parent_wording(("a@parent",))
    assert not is_parent_wording(("camp_info", "text"))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_text_has_all_twelve_languages_with_the_same_placeholders() -> None:
    problems = []
    for file, key, text in _content_texts():
        for lang in LANGUAGES[1:]:
            entry = text.get(lang)
            value = entry.get("text") if isinstance(entry, dict) else entry
            if not value:
                problems.append(f"{file}: {key}: no {lang}")
            elif _placeholders(value) != _placeholders(text["nl"]):
                problems.append(f"{file}: {key}: {lang} placeholders differ")
    assert problems == []


def test_help_lines_are_belgian_and_never_the_dutch_113() -> None:
    content = load_content()
    for lang in LANGUAGES:
        shown = danger_text(content, LanguagePlan(("nl", lang) if lang != "nl" else ("nl",)))
        assert "113 " not in shown and "113\n" not in shown
        for number in ("112", "101", "102", "1712", "116 000", "106", "1813", "103", "107",
                       "0800 32 123"):
            assert number in shown, (lang, number)
