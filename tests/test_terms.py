"""One word per thing in each language: ``terms.yaml`` checked by ``maatje content check``."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.check import check_folder, pashto_register
from content.loader import ContentError, load_content
from content.terms import Term, Usage, misuses
from tests.features import content_folder

TERMS = {
    "youth_worker": Term(nl="jeugdwerker", fr=Usage(use="éducateur", avoid=("animateur*",))),
    "camp_leader": Term(nl="begeleider", fr=Usage(use="animateur")),
}


def _replace(folder: Path, old: str, new: str) -> None:
    path = folder / "ui.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_texts_keep_to_the_term_list() -> None:
    report = check_folder(load_content().directory)
    assert not [problem for problem in report.problems if "terms.yaml" in problem]


def test_an_avoided_word_fails_the_check(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    _replace(folder, "Seul un éducateur peut faire ça.", "Seul un animateur peut faire ça.")
    report = check_folder(folder)
    assert not report.ok
    assert ("ui.yaml: not_allowed: the fr text says «animateur*»; terms.yaml: youth_worker "
            "is «éducateur»") in report.problems


def test_the_name_maatje_is_never_transliterated(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    _replace(folder, "Это всё, что Maatje хранит о тебе.", "Это всё, что Маатье хранит о тебе.")
    problems = check_folder(folder).problems
    assert any("the ru text says «Маатье»" in problem and "maatje" in problem
               for problem in problems)


def test_a_word_is_avoided_only_in_its_own_language() -> None:
    found = misuses(TERMS, "Vraag het aan een jeugdwerker.", [("en", "Ask an animateur.")])
    assert not list(found)


def test_the_word_of_another_thing_in_the_same_text_is_right() -> None:
    dutch = "Ervaren jeugdwerkers en begeleiders gaan mee."
    french = "Des éducateurs et des animateurs expérimentés viennent avec nous."
    assert not list(misuses(TERMS, dutch, [("fr", french)]))
    assert [str(found) for found in misuses(TERMS, "Vraag het aan een jeugdwerker.",
                                            [("fr", "Demande aux Animateurs.")])] == [
        "the fr text says «animateur*»; terms.yaml: youth_worker is «éducateur»"]


def test_the_term_list_is_schema_checked_at_load(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    (folder / "terms.yaml").write_text(
        'camp:\n  nl: "kamp"\n  fr: {avoid: ["colonie"]}\n  xx: {use: "camp"}\n', encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_content(folder)
    assert any("terms.yaml" in problem for problem in raised.value.problems)


def test_dari_keeps_one_register_in_every_text() -> None:
    register = {"dari_register": Term(nl="*", fa=Usage(use="شما", avoid=("تو",), whole_words=True))}
    informal = [("fa", "📄 این همه چیزی است که Maatje دربارهٔ تو نگه می‌دارد.")]
    assert [found.word for found in misuses(register, "Dit bewaart Maatje.", informal)] == ["تو"]
    mattress = [("fa", "🎒 خریطهٔ خواب یا توشک ندارید؟")]
    assert not list(misuses(register, "Heb je geen matje?", mattress))


def test_pashto_keeps_one_register_in_every_text() -> None:
    mixed = "✅ ښه، ته {title} ته راځې! 👀 ستاسو کارکوونکی ستاسو لومړی نوم ویني."
    assert pashto_register(mixed) == (
        "mixes the familiar «ته» with تاسو; Pashto texts say تاسو throughout")
    assert pashto_register("📄 دا هر هغه څه دي چې Maatje ستا په اړه ساتي.") == (
        "says the familiar «ستا»; Pashto texts say تاسو")
    # ته after a word is "to", دې before one is "this": neither is the familiar "you".
    assert pashto_register("🆘 په خطر کې یاست؟ سمدستي ⁨112⁩ ته زنګ ووهئ.") is None
    assert pashto_register("👥 اوس تاسو په {group} ډله کې یاست. د دې ډلې پیغامونه به هم درته راځي.") is None


def test_a_familiar_pashto_text_fails_the_check(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    _replace(folder, "👥 ستاسو ډلې: {groups}", "👥 ستا ډلې: {groups}")
    report = check_folder(folder)
    assert ("ui.yaml: settings.groups: the ps text says the familiar «ستا»; Pashto texts say "
            "تاسو") in report.problems


def test_the_shipped_pashto_texts_keep_to_tasu() -> None:
    report = check_folder(load_content().directory)
    assert not [problem for problem in report.problems if "the ps text" in problem]
