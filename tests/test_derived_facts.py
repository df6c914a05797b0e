"""Facts typed once: price, dates and the form's deadline come from camp.yaml into every
text, and ``maatje content check`` fails a text that says otherwise (issue 21, item 4)."""

from __future__ import annotations

import re
from pathlib import Path

from bot.features.camp_facts import essentials
from bot.features.camp_info import details
from bot.features.common import lines
from content.check import check_folder
from content.contradictions import FREE_WORDS, date_mentions
from content.derived import camp_values
from content.loader import Content, load_content
from intents.types import CONTENT_LANGUAGES
from tests.features import content_folder

#: The end of the camp's "who" text in Dutch: a sentence without placeholders to add to.
BUDDIES = "Buddy's mogen ook mee."


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _priced(tmp_path: Path, price: str = "25") -> Path:
    folder = content_folder(tmp_path)
    _edit(folder / "camp.yaml", "\nprice: 0\n", f"\nprice: {price}\n")
    return folder


def _camp_answer(content: Content, lang: str) -> str:
    """The camp answer as Maatje writes it (bot.features.camp_info.compose): the first
    screen and "➕ Meer"."""
    camp, answer = content.camp, content.answer("camp_info")
    assert camp is not None and answer.more is not None
    return lines(answer.text.get(lang), *essentials(content, camp, lang),
                 answer.more.get(lang), details(content, camp, lang))


def _cost_answer(content: Content, lang: str) -> str:
    assert content.camp is not None
    [cost] = [q for q in content.camp.parent_questions if q.id == "cost"]
    return cost.answer.get(lang)


def _says_free(text: str, lang: str) -> bool:
    return any(word in text.lower() for word in FREE_WORDS[lang])


def test_the_shipped_content_has_no_contradiction() -> None:
    report = check_folder(Path("content/data"))
    assert report.problems == []


def test_a_camp_of_25_euro_is_not_called_free_in_any_language(tmp_path: Path) -> None:
    folder = _priced(tmp_path)
    assert check_folder(folder).problems == []
    content = load_content(folder)
    for lang in CONTENT_LANGUAGES:
        camp, cost = _camp_answer(content, lang), _cost_answer(content, lang)
        assert not _says_free(camp, lang), f"{lang}: {camp}"
        assert not _says_free(cost, lang), f"{lang}: {cost}"
        assert "25" in camp and "25" in cost, lang
    assert _cost_answer(content, "nl").startswith("Het kamp kost 25 euro.")
    assert "💶 25 euro" in _camp_answer(content, "nl")


def test_a_free_camp_says_free_once_the_price_is_0() -> None:
    content = load_content()
    assert _cost_answer(content, "nl").startswith("Het kamp is gratis.")
    assert _cost_answer(content, "fr").startswith("Le camp est gratuit.")
    assert "💶 gratis" in _camp_answer(content, "nl")


def test_check_fails_on_a_text_that_calls_a_paid_camp_free(tmp_path: Path) -> None:
    folder = _priced(tmp_path)
    _edit(folder / "answers.yaml", "🏕️ In de zomer gaan we samen op kamp in de Ardennen:",
          "🏕️ Het kamp is gratis. In de zomer gaan we samen op kamp in de Ardennen:")
    report = check_folder(folder)
    assert not report.ok
    assert any(problem.startswith("answers.yaml: camp_info.text: nl: says the camp is free")
               and "price 25" in problem for problem in report.problems), report.problems


def test_check_fails_on_a_paid_activity_that_says_free(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    path = folder / "activities.yaml"
    text = path.read_text(encoding="utf-8")
    price = text.rindex("    price: 0\n", 0, text.index("Probeer gratis een les boksen"))
    path.write_text(text[:price] + "    price: 4\n" + text[price + len("    price: 0\n"):],
                    encoding="utf-8")
    report = check_folder(folder)
    assert any("activities.yaml:" in problem and "says free" in problem and "price 4" in problem
               for problem in report.problems), report.problems


def test_check_fails_on_a_weekday_beside_a_date_it_does_not_fall_on(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    # 2027-06-18 is a Friday: "zaterdag 18 juni" cannot be right.
    _edit(folder / "camp.yaml", BUDDIES, f"{BUDDIES} Geef de fiche af vóór zaterdag 18 juni.")
    report = check_folder(folder)
    assert any(problem.startswith("camp.yaml: who: nl: «zaterdag 18 juni»: "
                                  "the weekday does not fit") for problem in report.problems), \
        report.problems


def test_check_fails_on_a_camp_date_that_is_not_the_structured_one(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    _edit(folder / "camp.yaml", "Los buddies también pueden venir.",
          "Los buddies también pueden venir. Entrega la ficha antes del viernes 11 de junio.")
    report = check_folder(folder)
    assert any(problem.startswith("camp.yaml: who: es: «viernes 11 de junio» "
                                  "is not a date of the structured fields")
               for problem in report.problems), report.problems


def test_a_typed_date_that_agrees_with_the_field_passes(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    _edit(folder / "camp.yaml", BUDDIES, f"{BUDDIES} Geef de fiche af vóór vrijdag 18 juni.")
    assert check_folder(folder).problems == []


def test_moving_the_camp_moves_every_date_and_count_in_every_language(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    camp = folder / "camp.yaml"
    _edit(camp, 'start: "2027-07-05T09:00:00"', 'start: "2027-07-02T09:00:00"')
    _edit(camp, 'end: "2027-07-09T17:00:00"', 'end: "2027-07-04T17:00:00"')
    _edit(camp, 'deadline: "2027-06-18"', 'deadline: "2027-06-11"')
    assert check_folder(folder).problems == []
    content = load_content(folder)
    medical = content.answer("camp_medical_form").text
    packing = content.answer("camp_packing").text
    assert "vóór vrijdag 11 juni." in medical.get("nl")
    assert "antes del viernes 11 de junio" in medical.get("es")
    assert "kleren voor 3 dagen" in packing.get("nl")
    for lang in CONTENT_LANGUAGES:
        [mention] = date_mentions(medical.get(lang), lang)
        assert (mention.day, mention.month) == (11, 6), lang
        assert "{" not in medical.get(lang) and "{" not in packing.get(lang), lang
        assert re.search(r"(?<!\d)3(?!\d)", packing.get(lang)), lang
    assert content.camp is not None
    assert "kleren voor 3 dagen" in [item.item.get("nl") for item in content.camp.packing]


def test_a_derived_placeholder_without_a_camp_is_a_problem(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    (folder / "camp.yaml").unlink()
    problems = check_folder(folder).problems
    assert "answers.yaml: camp_medical_form.text: {camp_deadline} needs camp.yaml" in problems


def test_a_deadline_after_the_camp_has_begun_is_a_problem(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    _edit(folder / "camp.yaml", 'deadline: "2027-06-18"', 'deadline: "2027-07-06"')
    problems = check_folder(folder).problems
    assert any("medical_form.deadline must not be after start" in problem for problem in problems)


def test_each_derived_placeholder_is_written_as_a_reader_of_the_language_expects() -> None:
    content = load_content()
    assert content.camp is not None
    assert camp_values(content.camp, content.ui, "nl") == {
        "camp_cost": "Het kamp is gratis.", "camp_start": "maandag 5 juli",
        "camp_end": "vrijdag 9 juli", "camp_days": "5", "camp_nights": "4",
        "camp_deadline": "vrijdag 18 juni"}
    russian = camp_values(content.camp, content.ui, "ru")
    assert russian["camp_deadline"] == "18 июня (пятница)"
    arabic = camp_values(content.camp, content.ui, "ar")
    assert arabic["camp_start"].startswith("\u2068") and arabic["camp_start"].endswith("\u2069")


def test_a_short_answer_inside_a_camp_topic_keeps_to_the_camp_dates(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    _edit(folder / "details.yaml", "Geen probleem.", "Geen probleem. We vertrekken op 12 juli.")
    problems = check_folder(folder).problems
    assert any(problem.startswith("details.yaml: details.") and "«12 juli» is not a date" in problem
               for problem in problems), problems
