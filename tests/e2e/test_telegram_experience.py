"""The Telegram experience end to end: what a pupil, a parent and a class group see.

The real bot (``build_application``, python-telegram-bot's own HTTP layer) runs against the
Bot API emulator; each test acts as people in Telegram and asserts what their chat shows.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import aiohttp
import pytest
from telegram import Message

from bot.assembly import build_conversations
from bot.config import Settings
from bot.core.dialogue import Maatje
from bot.features.checklist import WIDTH
from bot.telegram.application import build_application
from content.loader import load_content
from content.schema import Answer, Text
from tests.e2e.conftest import AnyApp, polling, webhook
from tests.emulator import BotApiEmulator
from tests.features import sample_folder

pytestmark = pytest.mark.e2e


async def test_parent_onboards_in_arabic_and_is_not_asked_again(
    emulator: BotApiEmulator, bot_token: str, maatje_bot: AnyApp
) -> None:
    parent = emulator.user(bot_token, 501, "Fatima", language_code="ar")
    async with polling(maatje_bot):
        await emulator.send_command(bot_token, parent, "/start")
        [welcome] = await emulator.wait_for_bot_messages(bot_token, parent.id)
        await emulator.press_button(bot_token, parent, welcome, label="العربية")
        [question] = await emulator.wait_for_bot_messages(bot_token, parent.id)
        await emulator.press_button(bot_token, parent, question, label="👪 Ouder · وليّ أمر")
        [ready] = await emulator.wait_for_bot_messages(bot_token, parent.id)
        await emulator.send_command(bot_token, parent, "/start")
        [again] = await emulator.wait_for_bot_messages(bot_token, parent.id)

    assert "ik ben Maatje" in (welcome.text or "") and "أنا Maatje" in (welcome.text or "")
    assert welcome.buttons[:3] == ["العربية", "Українська", "دری"]
    assert [len(row) for row in welcome.inline_keyboard] == [2] * 6
    assert "Ben je leerling of ouder?" in (question.text or "")
    assert "هل أنت تلميذ أم وليّ أمر؟" in (question.text or "")
    assert "Dat onthoud ik" in (ready.text or "")
    assert ready.keyboard[0] == "📅 Activiteiten · الأنشطة"
    assert "Waar wilt u meer over weten?" in (again.text or "") and not again.buttons, (
        "a parent is told u")
    arabic_menu = emulator.commands_for(bot_token, parent.id, "ar")
    assert ("taal", "اختر لغتك") in [(c.command, c.description) for c in arabic_menu]
    assert emulator.commands_for(bot_token, parent.id, "de")[0].description == "Begin opnieuw"


async def test_menu_button_and_inline_follow_up_with_the_packing_picture(
    emulator: BotApiEmulator, bot_token: str, maatje_bot: AnyApp
) -> None:
    pupil = emulator.user(bot_token, 502, "Samir", language_code="nl")
    async with polling(maatje_bot):
        await emulator.send_command(bot_token, pupil, "/start")
        [welcome] = await emulator.wait_for_bot_messages(bot_token, pupil.id)
        await emulator.press_button(bot_token, pupil, welcome, label="Nederlands")
        [question] = await emulator.wait_for_bot_messages(bot_token, pupil.id)
        await emulator.press_button(bot_token, pupil, question, label="🧒 Leerling")
        await emulator.wait_for_bot_messages(bot_token, pupil.id)
        await emulator.press_reply_button(bot_token, pupil, "🌍 Taal")
        [picker] = await emulator.wait_for_bot_messages(bot_token, pupil.id)
        await emulator.send_text(bot_token, pupil, "wat moet ik meenemen naar het kamp")
        [packing] = await emulator.wait_for_bot_messages(bot_token, pupil.id)
        await emulator.press_button(bot_token, pupil, packing, label="🖼️ Paklijst als foto")
        [picture] = await emulator.wait_for_bot_messages(bot_token, pupil.id)

    assert "In welke taal wil je lezen?" in (picker.text or "") and "Nederlands" in picker.buttons
    assert "slaapzak" in (packing.text or "")
    photo = picture.message.photo
    assert photo and photo[-1].width == WIDTH
    assert "Vink af wat je al hebt" in (picture.text or "")
    assert picture.buttons, "the picture keeps the follow-up buttons"
    assert emulator.unknown_methods(bot_token) == []


async def test_deep_link_opens_camp_packing_in_arabic(
    emulator: BotApiEmulator, bot_token: str, maatje_bot: AnyApp
) -> None:
    parent = emulator.user(bot_token, 503, "Omar", language_code="nl")
    async with polling(maatje_bot):
        await emulator.send_command(bot_token, parent, "/start", payload="paklijst-ar")
        answer, role = await emulator.wait_for_bot_messages(bot_token, parent.id, count=2)
    assert "slaapzak" in (answer.text or "") and "كيس نوم" in (answer.text or "")
    assert "Ben je leerling of ouder?" in (role.text or "")


@pytest.fixture
def sample_bot(emulator: BotApiEmulator, bot_token: str, maatje: Maatje, tmp_path: Path) -> AnyApp:
    """The bot with the tests' own facts (places, camp, medical form) in its content folder."""
    core = dataclasses.replace(maatje, content=load_content(sample_folder(tmp_path), strict=False))
    conversations = build_conversations(Settings(data_dir=tmp_path), core=core)
    return build_application(bot_token, conversations, base_url=emulator.url)


async def test_location_question_gets_a_map_pin(
    emulator: BotApiEmulator, bot_token: str, sample_bot: AnyApp
) -> None:
    pupil = emulator.user(bot_token, 504, "Lina")
    async with polling(sample_bot):
        await emulator.send_text(bot_token, pupil, "waar is het jeugdhuis")
        text, pin = await emulator.wait_for_bot_messages(bot_token, pupil.id, count=2)
    assert "Clemenceau (metro 2, 6)" in (text.text or "")
    house = pin.message.venue
    assert house is not None, [text.text, pin.text]
    assert (house.title, house.address) == ("Jeugdhuis De Kade", "Clemenceaulaan 18, 1070 Anderlecht")
    assert house.location.latitude == pytest.approx(50.8373)
    assert pin.buttons, "the follow-up buttons come under the pin"


async def test_medical_form_arrives_as_a_pdf(
    emulator: BotApiEmulator, bot_token: str, sample_bot: AnyApp
) -> None:
    parent = emulator.user(bot_token, 505, "Amina", language_code="ar")
    async with polling(sample_bot):
        await emulator.send_text(bot_token, parent, "kan ik de medische fiche krijgen")
        answer, form = await emulator.wait_for_bot_messages(bot_token, parent.id, count=2)
        document = form.message.document
        assert document is not None
        data = await (await sample_bot.bot.get_file(document.file_id)).download_as_bytearray()
    assert "medische fiche" in (answer.text or "")
    assert document.file_name == "medische-fiche.pdf"
    assert document.mime_type == "application/pdf"
    assert bytes(data).startswith(b"%PDF-")
    assert "medische fiche" in (form.text or ""), "the caption says what the file is"


async def test_voice_note_and_sticker_get_a_kind_answer_with_the_menu(
    emulator: BotApiEmulator, bot_token: str, maatje_bot: AnyApp
) -> None:
    pupil = emulator.user(bot_token, 506, "Yusuf", language_code="uk")
    async with polling(maatje_bot):
        await emulator.send_voice(bot_token, pupil)
        [voice] = await emulator.wait_for_bot_messages(bot_token, pupil.id)
        await emulator.send_sticker(bot_token, pupil)
        [sticker] = await emulator.wait_for_bot_messages(bot_token, pupil.id)
    assert "Ik kan nog niet luisteren. Typ je vraag of kies een knop." in (voice.text or "")
    assert "📅 Activiteiten" in voice.keyboard
    assert "Leuke sticker!" in (sticker.text or "")


async def test_edited_question_is_answered_again(
    emulator: BotApiEmulator, bot_token: str, maatje_bot: AnyApp
) -> None:
    pupil = emulator.user(bot_token, 507, "Nour")
    async with polling(maatje_bot):
        sent = await emulator.send_text(bot_token, pupil, "wat moet ik meenemen naar het kamp")
        [first] = await emulator.wait_for_bot_messages(bot_token, pupil.id)
        await emulator.edit_text(bot_token, pupil, sent, "kan ik de medische fiche krijgen")
        [corrected] = await emulator.wait_for_bot_messages(bot_token, pupil.id)
    assert "slaapzak" in (first.text or "")
    assert "medische fiche" in (corrected.text or ""), "the corrected question gets its own answer"


async def test_group_answers_only_a_mention_and_shows_nothing_personal(
    emulator: BotApiEmulator, bot_token: str, maatje_bot: AnyApp
) -> None:
    emulator.bot(bot_token, username="MaatjeTestBot", privacy_mode=False)  # sees every message
    pupil = emulator.user(bot_token, 508, "Amal", language_code="ar")
    group = emulator.group(bot_token, title="OKAN 3A", members=[pupil])
    async with polling(maatje_bot):
        await emulator.send_text(bot_token, pupil, "wat moet ik meenemen naar het kamp", chat=group)
        asked = await emulator.send_text(
            bot_token, pupil, "@MaatjeTestBot wat moet ik meenemen naar het kamp", chat=group
        )
        [answer] = await emulator.wait_for_bot_messages(bot_token, group.id)
        await emulator.send_command(bot_token, pupil, "/instellingen@MaatjeTestBot", chat=group)
        [settings] = await emulator.wait_for_bot_messages(bot_token, group.id)

    assert len(emulator.bot_messages(bot_token, group.id)) == 2, "the unaddressed message got no answer"
    assert "slaapzak" in (answer.text or "")
    assert "كيس نوم" not in (answer.text or ""), "the phone's language is not shown in the group"
    assert _replied_to(answer.message) == asked.message_id
    assert answer.keyboard == []
    assert "privébericht" in (settings.text or "")
    assert "Taal:" not in (settings.text or "")


async def test_answer_over_4096_characters_is_split(
    emulator: BotApiEmulator, bot_token: str, maatje: Maatje, tmp_path: Path
) -> None:
    long_help = "\n".join(f"{n}. Kies een knop of typ een korte vraag over het kamp." for n in range(150))
    answers = dict(maatje.content.answers)
    answers["help"] = Answer(text=Text(nl=long_help), followups=["camp_packing"])
    core = dataclasses.replace(maatje, content=dataclasses.replace(maatje.content, answers=answers))
    app = build_application(
        bot_token, build_conversations(Settings(data_dir=tmp_path), core=core), base_url=emulator.url
    )
    pupil = emulator.user(bot_token, 509, "Sara")
    async with polling(app):
        await emulator.send_command(bot_token, pupil, "/hulp")
        parts = await emulator.wait_for_bot_messages(bot_token, pupil.id, count=3)
    assert len(long_help) > 4096
    assert all(len(part.text or "") <= 4096 for part in parts)
    assert "\n".join(part.text or "" for part in parts) == long_help
    assert [bool(part.buttons) for part in parts] == [False, False, True]


async def test_webhook_refuses_requests_without_the_secret(
    emulator: BotApiEmulator, bot_token: str, maatje_bot: AnyApp
) -> None:
    pupil = emulator.user(bot_token, 510, "Bilal")
    update = {"update_id": 99, "message": {"message_id": 1, "date": 0, "text": "hallo",
                                           "chat": {"id": pupil.id, "type": "private"},
                                           "from": {"id": pupil.id, "is_bot": False, "first_name": "X"}}}
    async with webhook(maatje_bot, secret="s3cr3t-token") as url:
        await emulator.send_text(bot_token, pupil, "wat moet ik meenemen naar het kamp")
        [pushed] = await emulator.wait_for_bot_messages(bot_token, pupil.id)
        async with aiohttp.ClientSession() as session:
            async with session.post(url, json=update) as without:
                refused = without.status
            headers = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            async with session.post(url, json=update, headers=headers) as wrong:
                wrong_refused = wrong.status
    hook = emulator.webhook(bot_token)
    assert hook is not None and hook.secret_token == "s3cr3t-token"
    assert "slaapzak" in (pushed.text or ""), "Telegram's pushes (with the secret) are answered"
    assert (refused, wrong_refused) == (403, 403)
    assert len(emulator.bot_messages(bot_token, pupil.id)) == 1, "a forged update is never answered"


def _replied_to(message: Message) -> int | None:
    return message.reply_to_message.message_id if message.reply_to_message else None
