"""Voice notes: Maatje says what it heard and asks "Klopt dat?" before it answers; danger in
a voice note gets the help lines at once; noise, a guess or a long note get a kind answer.

The core tests hand in what a speech model "heard"; ``test_whisper_hears_*`` run the real
model (Whisper base, from the ``maatje[voice]`` wheels) on the committed clips in
``tests/data/voice`` (espeak-ng -v nl, OGG/Opus 24k voip, as Telegram sends voice notes).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind, Outcome, Transcript, VoiceNote
from bot.core.speech import MAX_SECONDS, Transcriber, spoken_elsewhere, vocabulary_prompt
from bot.core.state import ONBOARDED, UserState
from bot.features.voice import BUTTON, TYPE, YES, VoiceButton
from bot.service import Conversations
from bot.telegram.voice import VoiceQueue
from bot.voice.whisper import WhisperTranscriber
from storage.db import Database
from storage.questions import InputRepository
from tests.conftest import WHISPER, needs_whisper
from tests.staffdesk import Desk, payloads, texts

NOW = datetime(2026, 12, 9, 13, 0, tzinfo=UTC)
CLIPS = Path(__file__).parent / "data" / "voice"
AGED = UserState(onboarded=True, age_band="13+")
STALE = "Deze knop werkt niet (meer)"
VOICE_YES, VOICE_TYPE = BUTTON.build(VoiceButton(YES)), BUTTON.build(VoiceButton(TYPE))
HELP_LINE = "1712"  # the help line every danger answer names first (content/data/helplines.yaml)


@pytest.fixture
def desk(core: Maatje, sqlite_url: str) -> Iterator[Desk]:
    database = Database.open(sqlite_url)
    yield Desk(core, database, NOW, new_user=AGED)
    database.close()


def voice(desk: Desk, who: str, text: str, confidence: float = 0.8, seconds: float = 3.0,
          hint: str | None = None) -> Outcome:
    heard = VoiceNote(seconds, Transcript(text, confidence))
    return desk.send(Incoming(who, Kind.VOICE, chat_key=who, voice=heard, language_hint=hint))


def test_a_voice_note_is_checked_first_and_answered_once_confirmed(desk: Desk) -> None:
    asked = voice(desk, "tg:1", "Wanneer is het kamp?")
    assert texts(asked) == "🎤 Ik hoorde: «Wanneer is het kamp?». Klopt dat?"
    assert [b.label for b in asked.replies[0].buttons] == ["✅ Ja", "✏️ Nee, ik typ het"]
    confirmed = desk.press("tg:1", VOICE_YES)
    typed = desk.say("tg:2", "Wanneer is het kamp?")
    assert texts(confirmed) == texts(typed)
    assert confirmed.trace.intent == "camp_info"


def test_typing_yes_confirms_and_no_asks_to_type(desk: Desk) -> None:
    voice(desk, "tg:1", "Wanneer is het kamp?")
    assert desk.say("tg:1", "ja").trace.intent == "camp_info"
    voice(desk, "tg:2", "Wanneer is het kamp?")
    assert texts(desk.say("tg:2", "nee")) == "✏️ Goed. Typ je vraag maar."


def test_the_transcript_is_forgotten_once_answered(desk: Desk) -> None:
    voice(desk, "tg:1", "Wanneer is het kamp?")
    assert desk.press("tg:1", VOICE_YES).trace.intent == "camp_info"
    again = desk.press("tg:1", VOICE_YES)
    voice(desk, "tg:2", "Wanneer is het kamp?")
    desk.press("tg:2", VOICE_TYPE)
    after_no = desk.press("tg:2", VOICE_YES)
    for stale in (again, after_no):
        assert stale.trace.intent != "camp_info"
        assert STALE in texts(stale)


def test_a_question_typed_instead_is_answered_without_asking_again(desk: Desk) -> None:
    voice(desk, "tg:1", "Wanneer is het kamp?")
    typed = desk.say("tg:1", "wat moet ik meenemen naar het kamp")
    assert "Ik hoorde" not in texts(typed)


def test_a_question_typed_instead_forgets_the_transcript(desk: Desk) -> None:
    voice(desk, "tg:1", "Wanneer is het kamp?")
    desk.say("tg:1", "wat moet ik meenemen naar het kamp")
    late = desk.press("tg:1", VOICE_YES)
    assert STALE in texts(late) and late.trace.intent != "camp_info"


def test_a_newer_voice_note_replaces_one_not_yet_confirmed(desk: Desk) -> None:
    voice(desk, "tg:1", "Wanneer is het kamp?")
    again = voice(desk, "tg:1", "Waar is het jeugdhuis?")
    assert payloads(again) == [VOICE_YES, VOICE_TYPE]
    assert desk.press("tg:1", VOICE_YES).trace.intent == "location"


def test_a_transcript_never_takes_the_place_of_an_awaited_answer(desk: Desk) -> None:
    """Maatje waits for "Typ je vraag": the voice note is shown, and asked to be typed."""
    with desk.database.session() as session:
        assert InputRepository(session).expect("tg:1", "handover", "", NOW)
    heard = voice(desk, "tg:1", "Wanneer is het kamp?")
    assert texts(heard).startswith("🎤 Ik hoorde: «Wanneer is het kamp?». Wil je")
    assert not payloads(heard)
    with desk.database.session() as session:
        waiting = InputRepository(session).pending("tg:1", NOW)
    assert waiting is not None and waiting.kind == "handover"


def test_the_buttons_already_in_chats_keep_working(desk: Desk) -> None:
    """Issue 16 item 11: the payloads the first voice release sent, as they were written."""
    assert (VOICE_YES, VOICE_TYPE) == ("vc:yes", "vc:type")
    voice(desk, "tg:1", "Wanneer is het kamp?")
    assert desk.press("tg:1", "vc:yes").trace.intent == "camp_info"
    voice(desk, "tg:2", "Wanneer is het kamp?")
    assert texts(desk.press("tg:2", "vc:type")) == "✏️ Goed. Typ je vraag maar."


@pytest.mark.parametrize("payload", ["vc", "vc:", "vc:no", "vc:yes:1", "vc:YES", "vc:type:kamp"])
def test_a_malformed_voice_button_is_old_and_changes_nothing(desk: Desk, payload: str) -> None:
    voice(desk, "tg:1", "Wanneer is het kamp?")
    refused = desk.press("tg:1", payload)
    assert STALE in texts(refused)
    assert desk.press("tg:1", VOICE_YES).trace.intent == "camp_info", "the transcript still waits"


def test_danger_in_a_voice_note_gets_the_help_lines_at_once(desk: Desk) -> None:
    heard = voice(desk, "tg:1", "Mijn papa slaat mij.", confidence=0.25)  # even a guess
    assert heard.trace.intent == "safeguarding"
    assert HELP_LINE in texts(heard)
    assert "Klopt dat?" not in texts(heard)


def test_danger_in_a_voice_note_does_not_depend_on_the_voice_feature(core: Maatje) -> None:
    """Safety lives in the core: without the voice feature danger still gets the help lines
    at once, and any other note the kind "cannot listen"."""
    bare = replace(core, features=replace(core.features, kinds={}))
    cry = VoiceNote(2.0, Transcript("Mijn papa slaat mij.", 0.25))
    heard = bare.handle(Incoming("t:1", Kind.VOICE, voice=cry), AGED).outcome
    assert heard.trace.intent == "safeguarding" and HELP_LINE in texts(heard)
    calm = VoiceNote(2.0, Transcript("Wanneer is het kamp?", 0.8))
    answer = bare.handle(Incoming("t:1", Kind.VOICE, voice=calm), AGED).outcome
    assert "Ik kan nog niet luisteren" in texts(answer)


def test_danger_in_a_voice_note_passes_the_urgent_path(core: Maatje) -> None:
    """The help lines are worked out before anything waits on the database."""
    conversations = Conversations(core, None)
    heard = VoiceNote(2.0, Transcript("Mijn papa slaat mij.", 0.5))
    urgent = conversations.urgent_outcome(Incoming("tg:1", Kind.VOICE, voice=heard))
    assert urgent is not None and HELP_LINE in texts(urgent)
    calm = VoiceNote(2.0, Transcript("Wanneer is het kamp?", 0.5))
    assert conversations.urgent_outcome(Incoming("tg:1", Kind.VOICE, voice=calm)) is None


@pytest.mark.parametrize("text, confidence", [("", 0.0), ("...", 0.9), ("hmm kamp", 0.1)])
def test_noise_or_a_guess_is_asked_to_be_typed(core: Maatje, text: str, confidence: float) -> None:
    note = VoiceNote(2.0, Transcript(text, confidence))
    turn = core.handle(Incoming("t:1", Kind.VOICE, voice=note), ONBOARDED)
    assert turn.outcome.replies[0].text == "🎤 Ik versta het niet goed. Wil je het typen?"


def test_a_long_voice_note_is_not_listened_to(core: Maatje) -> None:
    note = VoiceNote(MAX_SECONDS + 30)
    turn = core.handle(Incoming("t:1", Kind.VOICE, voice=note), ONBOARDED)
    assert "te lang" in turn.outcome.replies[0].text


def _spoken(language: str, sure: float, text: str = "Wanneer is het kamp?") -> VoiceNote:
    """A note Whisper wrote down as Dutch while hearing ``language`` with ``sure``."""
    return VoiceNote(3.0, Transcript(text, 0.6, "nl", language, sure))


@pytest.mark.parametrize("note, elsewhere", [
    (_spoken("ar", 0.95), "ar"), (_spoken("so", 0.8), "so"), (_spoken("en", 0.49), None),
    (_spoken("af", 0.97), None), (_spoken("nl", 0.99), None),
    (VoiceNote(3.0, Transcript("Wanneer is het kamp?", 0.6)), None),
])
def test_only_a_clear_guess_of_another_language_is_not_dutch(
    note: VoiceNote, elsewhere: str | None,
) -> None:
    assert spoken_elsewhere(note) == elsewhere


def test_a_note_clearly_in_another_language_is_told_dutch_only_in_that_language(desk: Desk) -> None:
    told = desk.send(Incoming("tg:1", Kind.VOICE, chat_key="tg:1", voice=_spoken("ar", 0.93)))
    assert texts(told).startswith("🎤 Ik kan nu alleen luisteren naar Nederlands.")
    assert "🎤 حاليًا أستطيع أن أستمع إلى الهولندية فقط." in texts(told)
    assert "Ik hoorde" not in texts(told) and not payloads(told)
    assert STALE in texts(desk.press("tg:1", VOICE_YES)), "nothing was kept to confirm"


def test_danger_comes_first_even_in_a_note_not_in_dutch(desk: Desk) -> None:
    note = _spoken("ar", 0.95, text="Mijn papa slaat mij.")
    heard = desk.send(Incoming("tg:1", Kind.VOICE, chat_key="tg:1", voice=note))
    assert heard.trace.intent == "safeguarding" and HELP_LINE in texts(heard)


def test_a_note_not_heard_because_others_wait_is_asked_to_be_typed(core: Maatje) -> None:
    note = VoiceNote(5.0, busy=True)
    turn = core.handle(Incoming("t:1", Kind.VOICE, voice=note), ONBOARDED)
    assert turn.outcome.replies[0].text.startswith("🎤 Ik luister nu naar andere berichten.")


async def test_a_full_voice_queue_hears_nothing_more_and_downloads_nothing() -> None:
    """One note is heard at a time; beyond the limit a note is not even downloaded."""
    let_go = threading.Event()

    class Slow:
        def transcribe(self, audio: bytes, language: str) -> Transcript:
            let_go.wait(10)
            return Transcript("Wanneer is het kamp?", 0.9, language)

    downloads: list[int] = []

    async def sound() -> bytes:
        downloads.append(1)
        return b"OggS"

    queue = VoiceQueue(limit=1)
    try:
        first = asyncio.create_task(queue.hear(Slow(), sound))
        while queue.taken == 0:
            await asyncio.sleep(0.01)
        assert await queue.hear(Slow(), sound) is None
        let_go.set()
        heard = await first
        assert heard is not None and heard.text == "Wanneer is het kamp?"
        assert downloads == [1] and queue.taken == 0
    finally:
        let_go.set()
        queue.shutdown()


def test_without_voice_the_note_gets_the_old_kind_answer(core: Maatje) -> None:
    turn = core.handle(Incoming("t:1", Kind.VOICE), ONBOARDED)
    assert "Ik kan nog niet luisteren" in turn.outcome.replies[0].text


def test_where_nothing_can_be_kept_it_says_what_it_heard_and_asks_to_type(core: Maatje) -> None:
    note = VoiceNote(2.0, Transcript("Wanneer is het kamp?", 0.8))
    turn = core.handle(Incoming("t:1", Kind.VOICE, voice=note), ONBOARDED)  # no database
    assert turn.outcome.replies[0].text.startswith("🎤 Ik hoorde: «Wanneer is het kamp?». Wil je")
    assert not turn.outcome.replies[0].buttons


def test_a_pupil_who_chose_arabic_reads_the_check_in_arabic_under_the_dutch(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True, age_band="13+", language="ar")
    asked = voice(desk, "tg:1", "Wanneer is het kamp?")
    assert texts(asked).startswith("🎤 Ik hoorde: «Wanneer is het kamp?». Klopt dat?\n\n🎤 سمعت:")
    assert payloads(asked) == [VOICE_YES, VOICE_TYPE]
    assert desk.say("tg:1", "نعم").trace.intent == "camp_info"


def test_the_prompt_is_the_bots_own_words_in_a_sentence() -> None:
    prompt = vocabulary_prompt(["📅 Activiteiten", "🏕️ Kamp", "kamp", "medische fiche"])
    assert prompt == "Vragen over Activiteiten, Kamp, medische fiche. Wanneer? Waar? Hoeveel?"


# --- the real model on the committed clips (fixture ``whisper`` in tests/conftest.py) ------

@needs_whisper
def test_whisper_hears_a_dutch_question(whisper: Transcriber) -> None:
    heard = whisper.transcribe((CLIPS / "wanneer-is-het-kamp.ogg").read_bytes(), "nl")
    assert "kamp" in heard.text.lower()
    assert heard.confidence >= 0.3
    assert heard.spoken is not None, "the language spoken is read beside the Dutch written"
    assert spoken_elsewhere(VoiceNote(2.0, heard)) is None, "a Dutch speaker is not turned away"


@needs_whisper
def test_whisper_listens_on_one_core(whisper: WhisperTranscriber) -> None:
    """The other core keeps answering typed messages while a note is heard."""
    assert whisper.threads == 1


@needs_whisper
def test_whisper_hears_nothing_in_noise(whisper: Transcriber) -> None:
    heard = whisper.transcribe((CLIPS / "ruis.ogg").read_bytes(), "nl")
    assert heard.text == ""


def test_voice_set_off_or_a_wrong_model_is_one_line_and_no_voice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    from bot.voice import model
    from bot.voice.start import start_voice
    from content.loader import load_content

    content = load_content()
    assert start_voice(False, tmp_path, content) is None
    monkeypatch.setattr(model, "PARTS", (("maatje_no_such_wheel", "model.bin.part1"),))
    with caplog.at_level("WARNING"):
        assert start_voice(True, tmp_path, content) is None
    if WHISPER:  # without the extra, the missing faster-whisper is the line
        assert "pip install 'maatje[voice]'" in caplog.text
    assert not (tmp_path / model.FOLDER / "model.bin").exists()


@needs_whisper
def test_a_damaged_or_changed_model_is_never_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.voice import model

    folder = model.model_folder(tmp_path)
    (folder / "model.bin").write_bytes(b"half a file")
    assert model.model_folder(tmp_path) == folder  # joined again from the wheels
    assert (folder / "model.bin").stat().st_size == 2 * 72_608_766
    monkeypatch.setattr(model, "MODEL_SHA256", "0" * 64)
    with pytest.raises(model.ModelUnavailable, match="SHA-256"):
        model.model_folder(tmp_path)
