"""Language identification, one table per language: short messages as pupils type them."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from intents.examples import DATA_DIR, Example, read_examples, training_files
from intents.language import LanguageIdentifier
from intents.language_model import CharLanguageModel
from intents.pipeline import load_language_model

# (text, expected language, Telegram hint)
CASES: list[tuple[str, str, str | None]] = [
    # Dutch, with chat spelling and missing accents
    ("hallo", "nl", None), ("wanneer kamp???", "nl", None), ("wat moet ik meenemen plz", "nl", None),
    ("ik wil basket spelen", "nl", "ar"), ("wnr is de activiteit", "nl", None),
    ("hoeveel kost het kamp", "nl", "fr"), ("ik snap het niet", "nl", None),
    ("mag ik mee", "nl", None), ("waar is het jeugdhuis", "nl", "uk"), ("dankjewel", "nl", None),
    ("ik heb geen geld voor de club", "nl", None),
    # English
    ("hello", "en", None), ("when is camp", "en", None), ("what do i need to bring", "en", "ar"),
    ("i want to play football", "en", None), ("thank you", "en", "nl"),
    ("where is the youth house", "en", None), ("i dont understand", "en", None),
    # French
    ("bonjour", "fr", None), ("merci", "fr", "fr"), ("c'est quand le camp", "fr", None),
    ("je veux jouer au foot", "fr", None), ("combien ça coûte", "fr", "ar"),
    ("où est la maison des jeunes", "fr", None), ("je ne comprends pas", "fr", None),
    ("mon fils peut venir?", "fr", "ar"),
    # Arabic, and Arabizi
    ("مرحبا", "ar", None), ("شكرا", "ar", None), ("المخيم امتى", "ar", None), ("ماذا أحضر", "ar", None),
    ("أريد أن ألعب كرة القدم", "ar", None), ("أين بيت الشباب", "ar", None), ("لا أفهم", "ar", None),
    ("ابني يريد المشاركة في المخيم", "ar", "fr"), ("ana 3ayez al3ab kora", "ar", None),
    ("emta el camp ya habibi", "ar", None),
    # Ukrainian (also without і ї є ґ)
    ("привіт", "uk", None), ("дякую", "uk", None), ("табір коли", "uk", None),
    ("що взяти з собою", "uk", None), ("хочу записатися", "uk", None), ("коли табір?", "uk", "ru"),
    ("я не розумію", "uk", None),
    # Russian
    ("привет", "ru", None), ("спасибо", "ru", "uk"), ("когда лагерь", "ru", None),
    ("что взять с собой", "ru", None), ("я хочу играть в футбол", "ru", None),
    ("хочу записаться", "ru", None), ("сколько стоит", "ru", None),
    # Bulgarian
    ("здравей", "bg", None), ("благодаря", "bg", None), ("кога е лагерът", "bg", None),
    ("какво да взема", "bg", None), ("искам да играя футбол", "bg", None), ("не разбирам", "bg", None),
    ("колко струва", "bg", "bg"),
    # Dari
    ("تشکر", "fa", None), ("کمپ کی است", "fa", None), ("چه چیزی بیاورم", "fa", None),
    ("من میخواهم فوتبال بازی کنم", "fa", None), ("خانه جوانان کجاست", "fa", None),
    ("نمی فهمم", "fa", None), ("سلام", "fa", "fa"),
    # Pashto, also without Pashto-only letters
    ("مننه", "ps", None), ("کمپ کله دی", "ps", None), ("زه غواړم فوټبال ولوبوم", "ps", None),
    ("څه راوړم", "ps", None), ("زه نه پوهیږم", "ps", None), ("زه دلته یم", "ps", None),
    ("سلام", "ps", "ps"),
    # Tigrinya (Ge'ez script)
    ("ሰላም", "ti", None), ("መዓስ እዩ ካምፕ", "ti", None), ("እንታይ ከምጽእ", "ti", "en"),
    # Somali
    ("salaan", "so", None), ("mahadsanid", "so", None), ("goorma ayuu yahay kaamka", "so", None),
    ("maxaan keenaa", "so", None), ("waxaan rabaa inaan kubbad ciyaaro", "so", None),
    ("ma fahmin", "so", "so"),
    # Turkish
    ("merhaba", "tr", None), ("teşekkürler", "tr", None), ("tesekkurler", "tr", None),
    ("kamp ne zaman", "tr", None), ("futbol oynamak istiyorum", "tr", None), ("anlamadım", "tr", None),
    # Spanish
    ("hola", "es", None), ("gracias", "es", None), ("cuándo es el campamento", "es", None),
    ("quiero jugar al fútbol", "es", None), ("no entiendo", "es", "es"), ("cuánto cuesta", "es", None),
    # Romanian
    ("bună", "ro", None), ("mulțumesc", "ro", None), ("multumesc", "ro", None),
    ("când este tabăra", "ro", None), ("vreau să joc fotbal", "ro", None), ("nu înțeleg", "ro", None),
    # Portuguese
    ("olá", "pt", None), ("obrigado", "pt", None), ("quando é o acampamento", "pt", None),
    ("quero jogar futebol", "pt", None), ("não entendo", "pt", None), ("quanto custa", "pt", "pt"),
    # Polish
    ("cześć", "pl", None), ("dziękuję", "pl", None), ("dzieki", "pl", None), ("kiedy jest obóz", "pl", None),
    ("chcę grać w piłkę nożną", "pl", None), ("nie rozumiem", "pl", None),
]


@pytest.fixture(scope="module")
def learnt() -> CharLanguageModel:
    return CharLanguageModel.train(read_examples(training_files()))


@pytest.fixture(scope="module")
def identifier(learnt: CharLanguageModel) -> LanguageIdentifier:
    return LanguageIdentifier.build(learnt)


@pytest.mark.parametrize(("text", "expected", "hint"), CASES)
def test_language_of_short_messages(
    identifier: LanguageIdentifier, text: str, expected: str, hint: str | None
) -> None:
    assert identifier.detect(text, hint).code == expected


@pytest.mark.parametrize("text", ["👍", "123", "?!", "🙂🙂"])
def test_no_letters_is_undetermined(identifier: LanguageIdentifier, text: str) -> None:
    assert identifier.detect(text, "nl").code == "und"


def test_hint_alone_never_decides_a_clear_message(identifier: LanguageIdentifier) -> None:
    assert identifier.detect("wat moet ik meenemen naar het kamp", "ar").code == "nl"
    assert identifier.detect("متى المخيم", "nl").code == "ar"


@pytest.mark.parametrize(("text", "code"), [
    ("kamp goorma", "so"), ("slaapzak ma keenaa", "so"), ("lidgeld ne kadar", "tr"),
    ("kamp kiedy", "pl"), ("kamp", "nl"), ("kamp datum", "nl"), ("medische fiche waar", "nl"),
])
def test_a_dutch_loanword_beside_other_words_does_not_make_the_message_dutch(
    identifier: LanguageIdentifier, text: str, code: str
) -> None:
    assert identifier.detect(text).code == code


@pytest.mark.parametrize(("text", "code"), [
    ("kak dela", "ru"), ("privet, chto tut delat", "ru"), ("pryvit, shcho ty vmiesh", "uk"),
    ("salam chetori", "fa"), ("kemp kay ast", "fa"), ("selam kemey aleka", "ti"),
])
def test_languages_typed_in_latin_letters(
    identifier: LanguageIdentifier, text: str, code: str
) -> None:
    assert identifier.detect(text).code == code


def test_without_the_learnt_model_latin_letters_stay_with_latin_languages() -> None:
    assert LanguageIdentifier.build().detect("kak dela").code != "ru"


def test_the_learnt_model_only_proposes_languages_seen_in_the_script(
    learnt: CharLanguageModel,
) -> None:
    assert set(learnt.posteriors("когда лагерь")) == {"ru", "uk", "bg"}
    assert learnt.posteriors("👍") == {}
    scores = learnt.posteriors("wanneer is het kamp")
    assert max(scores, key=lambda code: scores[code]) == "nl"
    assert sum(scores.values()) == pytest.approx(1.0)


def test_the_learnt_model_survives_saving(learnt: CharLanguageModel, tmp_path: Path) -> None:
    path = tmp_path / "languages.npz"
    learnt.save(path)
    assert CharLanguageModel.load(path).posteriors("kak dela") == learnt.posteriors("kak dela")


def test_a_model_learns_only_from_labelled_languages() -> None:
    model = CharLanguageModel.train([
        Example("hallo daar vriend", ("greeting",), "nl"),
        Example("hallo daar vriend", ("greeting",), "nl"),
        Example("hello there friend", ("greeting",), "en"),
        Example("hello there friend", ("greeting",), "en"),
        Example("??", ("out_of_scope",), None),
    ])
    assert {code for code, _ in model.classes} == {"nl", "en"}
    scores = model.posteriors("daar vriend")
    assert scores["nl"] > scores["en"]


def test_the_learnt_model_is_counted_once_and_then_read_from_the_cache(tmp_path: Path) -> None:
    first = load_language_model(tmp_path, DATA_DIR)
    cached = list(tmp_path.glob("languages-*.npz"))
    assert len(cached) == 1
    again = load_language_model(tmp_path, DATA_DIR)
    assert again.posteriors("salam chetori") == first.posteriors("salam chetori")


def seed_models(tmp_path: Path) -> tuple[Path, Path]:
    """A small data folder (the seed examples and the word lists) and its trained cache."""
    import shutil

    from intents.pipeline import Understander

    data = tmp_path / "data"
    data.mkdir()
    for path in DATA_DIR.glob("*.yaml"):
        shutil.copy(path, data / path.name)
    shutil.copy(DATA_DIR / "train-seed.jsonl", data / "train-seed.jsonl")
    cache = tmp_path / "cache"
    Understander.load(cache_dir=cache, data_dir=data)
    return data, cache


@pytest.mark.parametrize("model", ["intents", "languages"])
def test_a_truncated_model_cache_file_is_rebuilt_not_a_crash(
    tmp_path: Path, model: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A copy cut short or a full disk leaves half a cache file: the start goes on."""
    from intents.pipeline import Understander

    data, cache = seed_models(tmp_path)
    (cached,) = cache.glob(f"{model}-*.npz")
    cached.write_bytes(cached.read_bytes()[: cached.stat().st_size // 2])
    with caplog.at_level(logging.WARNING, logger="intents.pipeline"):
        understander = Understander.load(cache_dir=cache, data_dir=data)
    assert understander.understand("hallo").candidates
    unreadable = [r.getMessage() for r in caplog.records if "unreadable" in r.getMessage()]
    # The file's kind, not its whole name: the log filter may hide digit runs of its hash.
    kind = cached.name.split("-")[0]
    assert len(unreadable) == 1 and kind in unreadable[0] and "\n" not in unreadable[0]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="intents.pipeline"):
        Understander.load(cache_dir=cache, data_dir=data)
    assert "unreadable" not in caplog.text, "the rebuilt file reads again"


@pytest.mark.parametrize("damage", ["missing", "misshapen"])
def test_a_model_whose_danger_neighbours_are_damaged_is_trained_again(
    tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The neighbours move the danger score of every message: a cache file whose
    neighbour arrays are gone or do not fit must not load (it would fail on each message,
    or judge danger on garbage); the start trains again and danger is still recognised."""
    from intents.arrays import load_arrays, save_arrays
    from intents.pipeline import Understander

    data, cache = seed_models(tmp_path)
    (cached,) = cache.glob("intents-*.npz")
    arrays, meta = load_arrays(cached)
    if damage == "missing":
        del arrays["neighbour_danger"]
    else:
        arrays["neighbour_danger"] = arrays["neighbour_danger"][:, :3]
    save_arrays(cached, arrays, meta)
    with caplog.at_level(logging.WARNING, logger="intents.pipeline"):
        understander = Understander.load(cache_dir=cache, data_dir=data)
    assert "unreadable" in caplog.text
    assert understander.understand("mijn papa slaat mij").safeguarding
