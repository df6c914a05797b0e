"""A text that names a button names it as the reader sees it, in the reader's language."""

from __future__ import annotations

from pathlib import Path

from content.check import check_folder
from content.loader import load_content
from content.quoted import named_buttons, wrong_labels
from content.schema import Text
from tests.features import content_folder

BUTTONS = {
    "button.yes": Text(nl="✅ Ja", fr={"text": "✅ Oui", "reviewed": False}),
    "button.consent.yes": Text(nl="✅ Ja, dat mag", fr={"text": "✅ Oui, d'accord", "reviewed": False}),
    "button.come": Text(nl="🙋 Ik kom", fr={"text": "🙋 Je viens", "reviewed": False}),
}


def test_the_shipped_texts_name_each_button_by_its_label() -> None:
    report = check_folder(load_content().directory)
    assert not [problem for problem in report.problems if "names the button" in problem]


def test_a_wrong_label_fails_the_check(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    path = folder / "ui.yaml"
    text = path.read_text(encoding="utf-8")
    old = "Tu peux toujours choisir 🔔 Activer les messages plus tard."
    assert old in text
    path.write_text(text.replace(old, "Tu peux toujours choisir 🔔 Messages activés plus tard."),
                    encoding="utf-8")
    report = check_folder(folder)
    assert not report.ok
    assert ("ui.yaml: subscribe.declined: the fr text names the button button.subscribe; "
            "its label is «Activer les messages»") in report.problems


def test_a_button_is_named_with_its_emoji_or_in_quotes() -> None:
    assert named_buttons("Druk op ✅ Ja.", BUTTONS) == ["button.yes"]
    assert named_buttons("Kies ✅ Ja, dat mag.", BUTTONS) == ["button.consent.yes"]
    assert named_buttons('je "Ik kom" voor een activiteit', BUTTONS) == ["button.come"]
    assert named_buttons("je «Ik kom» en (Ik kom)", BUTTONS) == ["button.come"]


def test_a_label_or_a_plain_word_names_no_button() -> None:
    assert named_buttons("✅ Ja, graag", BUTTONS) == []
    assert named_buttons("Ja, ik kom morgen.", BUTTONS) == []


def test_the_translation_must_hold_its_own_label() -> None:
    dutch = "Druk op ✅ Ja."
    assert not list(wrong_labels(dutch, [("fr", "Appuie sur ✅ Oui.")], BUTTONS))
    assert [str(wrong) for wrong in wrong_labels(dutch, [("fr", "Appuie sur « Ja ».")], BUTTONS)] == [
        "the fr text names the button button.yes; its label is «Oui»"]
