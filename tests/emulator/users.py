"""The user's side of the emulator: what tests do as people in Telegram, and what they see.

Users write in private chats or groups, press buttons, send voice notes, stickers,
photos, files, locations and contacts, and edit their messages.  Each action
builds the update a Telegram client would cause, with python-telegram-bot's
classes, and queues it for the bot (or pushes it to the bot's webhook).  In
groups the bot's privacy mode applies: with it on (the default) the bot only gets
commands, messages that mention it, and replies to its own messages.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import secrets
from collections.abc import Callable, Sequence
from typing import Any

from telegram import (
    Audio,
    BotCommand,
    CallbackQuery,
    Chat,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberUpdated,
    Contact,
    Document,
    Location,
    Message,
    MessageEntity,
    ReplyKeyboardMarkup,
    Sticker,
    User,
    Video,
    Voice,
)

from .errors import USER_DEACTIVATED, kicked_description
from .files import mime_of, photo_sizes, store_file, tiny_png
from .flood import FloodLimits
from .markup import plain_entities
from .messages import message_json, now, without_reply
from .state import ApiCall, BotMessage, BotState, CallbackRecord, ChatState, Fault, StoredFile, Webhook

TOKEN_RE = re.compile(r"^(\d+):[A-Za-z0-9_-]+$")
ChatRef = Chat | int | None
MessageRef = BotMessage | Message | int
OGG_VOICE = b"OggS\x00\x02" + bytes(22) + b"OpusHead" + bytes(11)
WEBP_STICKER = (
    b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\xff\xc1\x7f\x00\x07\x10\x11\x11\x88\x88\xfe\x07"
)


class EmulatorError(AssertionError):
    """A test asked for something a real user could not do (press a missing button...)."""


class UserSide:
    """Test-side API shared by the in-process emulator; see README.md for the list."""

    def __init__(self) -> None:
        self._bots: dict[str, BotState] = {}
        self._ids = itertools.count(1)

    # ------------------------------------------------------------ bots and people

    def state(self, token: str) -> BotState:
        """The state of one bot token, created on first use."""
        if token not in self._bots:
            match = TOKEN_RE.match(token)
            if match is None:
                raise ValueError(f"not a bot token: {token!r} (expected '<digits>:<letters>')")
            bot_id = int(match.group(1))
            bot = _bot_user(bot_id, f"test{bot_id}_bot", "Test bot", privacy_mode=True)
            self._bots[token] = BotState(token=token, bot_user=bot)
        return self._bots[token]

    def bot(
        self,
        token: str,
        *,
        username: str | None = None,
        first_name: str | None = None,
        privacy_mode: bool | None = None,
    ) -> User:
        """Set the bot's identity (what getMe answers) and group privacy mode."""
        state = self.state(token)
        current = state.bot_user
        if privacy_mode is not None:
            state.privacy_mode = privacy_mode
        state.bot_user = _bot_user(
            current.id,
            username or current.username or "",
            first_name or current.first_name,
            privacy_mode=state.privacy_mode,
        )
        return state.bot_user

    def user(
        self,
        token: str,
        id: int | None = None,
        first_name: str = "Test",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "nl",
        started: bool = False,
    ) -> User:
        """A Telegram user with a private chat with the bot.

        ``started=True`` means the user pressed Start earlier, so the bot may write
        first; otherwise the bot gets 403 "bot can't initiate conversation" until the
        user sends something.
        """
        state = self.state(token)
        user_id = id if id is not None else 100_000 + next(self._ids)
        user = User(
            user_id,
            first_name,
            False,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        state.users[user_id] = user
        chat = Chat(user_id, "private", first_name=first_name, last_name=last_name, username=username)
        existing = state.chats.get(user_id)
        if existing is None:
            state.chats[user_id] = _chat_state(state, chat)
        else:
            existing.chat = chat
        state.chats[user_id].started |= started
        return user

    def group(
        self,
        token: str,
        id: int | None = None,
        title: str = "Groep",
        *,
        type: str = "supergroup",
        username: str | None = None,
        members: Sequence[User] = (),
    ) -> Chat:
        """A group (``type="group"``) or supergroup the bot is a member of."""
        state = self.state(token)
        if id is None:
            id = -1_001_000_000_000 - next(self._ids) if type == "supergroup" else -next(self._ids)
        chat = Chat(id, type, title=title, username=username)
        chat_state = _chat_state(state, chat)
        chat_state.members = {state.bot_user.id, *(member.id for member in members)}
        state.chats[id] = chat_state
        return chat

    def block(self, token: str, chat_id: int) -> None:
        """The user blocks the bot (or removes it from the group): sends get 403 until unblocked."""
        chat = self._chat(token, chat_id)
        chat.blocked = kicked_description(chat.chat.type)

    def deactivate(self, token: str, user_id: int) -> None:
        """The user deletes their account: sends get 403 "user is deactivated"."""
        self._chat(token, user_id).blocked = USER_DEACTIVATED

    def unblock(self, token: str, chat_id: int) -> None:
        """Undo ``block``/``deactivate``."""
        self._chat(token, chat_id).blocked = None

    def revoke(self, token: str) -> None:
        """The token is revoked in BotFather: every call gets 401 Unauthorized."""
        self.state(token).revoked = True

    def inject(
        self,
        token: str,
        method: str,
        status: int | None = None,
        *,
        retry_after: int | None = None,
        description: str | None = None,
        times: int | None = 1,
        delay: float = 0.0,
        drop: bool = False,
        deliver: bool = False,
        chat_id: int | None = None,
    ) -> Fault:
        """Make the next ``times`` calls of ``method`` ("*" for any) fail.

        ``status`` answers with that Bot API error (429 gets ``retry_after``);
        ``delay`` waits first; ``drop`` closes the connection without an answer.
        ``deliver=True`` lets the call take effect before failing (the message
        arrives but the bot sees an error: the in-flight duplicate case).
        ``chat_id`` limits the fault to calls for that chat; ``times=None`` is forever.
        """
        if retry_after is not None and status is None:
            status = 429
        fault = Fault(method, status, description, retry_after, delay, drop, deliver, times, chat_id)
        self.state(token).faults.append(fault)
        return fault

    def limit_flood(
        self,
        token: str,
        *,
        enabled: bool = True,
        per_second: float = 30.0,
        per_chat_per_second: float = 1.0,
        group_per_minute: float = 20.0,
    ) -> None:
        """Answer sends beyond Telegram's flood limits with 429 retry_after (off by default)."""
        limits = FloodLimits(per_second, per_chat_per_second, group_per_minute)
        self.state(token).flood = limits if enabled else None

    def clear_faults(self, token: str) -> None:
        """Remove every injected fault."""
        self.state(token).faults.clear()

    # ------------------------------------------------------------ what users do

    async def send_text(
        self,
        token: str,
        user: User,
        text: str,
        *,
        chat: ChatRef = None,
        reply_to: MessageRef | None = None,
        entities: Sequence[MessageEntity] | None = None,
    ) -> Message:
        """The user types a message (entities are detected like a client does)."""
        found = list(entities) if entities is not None else plain_entities(text)
        return await self._user_message(token, user, chat, reply_to, text=text, entities=found or None)

    async def send_command(
        self,
        token: str,
        user: User,
        command: str,
        payload: str | None = None,
        *,
        chat: ChatRef = None,
    ) -> Message:
        """A /command; ``payload`` is what a t.me/<bot>?start=<payload> deep link adds."""
        command = command if command.startswith("/") else f"/{command}"
        text = f"{command} {payload}" if payload else command
        entities = [MessageEntity("bot_command", 0, len(command.encode("utf-16-le")) // 2)]
        rest = [e for e in plain_entities(text) if e.offset > 0]
        return await self._user_message(token, user, chat, None, text=text, entities=entities + rest)

    async def press_reply_button(
        self, token: str, user: User, label: str, *, chat: ChatRef = None
    ) -> Message:
        """Tap a button of the reply keyboard the bot showed: sends its label as text."""
        chat_state = self._target_chat(token, user, chat)
        keyboard = chat_state.reply_keyboard
        labels = [b.text for row in keyboard.keyboard for b in row] if keyboard else []
        if label not in labels:
            raise EmulatorError(f"no reply keyboard button {label!r}; the keyboard shows {labels}")
        return await self.send_text(token, user, label, chat=chat)

    async def press_button(
        self,
        token: str,
        user: User,
        message: MessageRef,
        callback_data: str | None = None,
        *,
        label: str | None = None,
        check: bool = True,
        chat: ChatRef = None,
    ) -> str:
        """Press an inline button (by ``callback_data`` or ``label``); returns the query id.

        With ``check=False`` any data is sent, as a forged or stale client could.
        """
        state = self.state(token)
        chat_state = self._message_chat(token, user, message, chat)
        current = chat_state.messages.get(_message_id(message))
        if current is None:
            raise EmulatorError(f"message {_message_id(message)} is not in the chat (deleted?)")
        data = _button_data(current, callback_data, label, check)
        query_id = str(secrets.randbits(63))
        query = CallbackQuery(query_id, user, chat_state.chat_instance, message=current, data=data)
        state.callback_queries[query_id] = CallbackRecord(query_id, user.id, data)
        state.enqueue("callback_query", query.to_dict(), chat_state.chat.id)
        await asyncio.sleep(0)
        return query_id

    async def edit_text(self, token: str, user: User, message: MessageRef, text: str) -> Message:
        """The user edits one of their messages: the bot gets an edited_message."""
        state = self.state(token)
        chat_state = self._message_chat(token, user, message, None)
        old = chat_state.messages.get(_message_id(message))
        if old is None or old.from_user is None or old.from_user.id != user.id:
            raise EmulatorError("users can only edit their own messages")
        data = message_json(old)
        data.update(text=text, edit_date=int(now().timestamp()))
        data["entities"] = [e.to_dict() for e in plain_entities(text)] or None
        edited = Message.de_json({k: v for k, v in data.items() if v is not None}, None)
        chat_state.messages[edited.message_id] = edited
        if self._bot_sees(state, chat_state, edited):
            state.enqueue("edited_message", message_json(edited), chat_state.chat.id)
        await asyncio.sleep(0)
        return edited

    async def send_voice(
        self,
        token: str,
        user: User,
        *,
        duration: int = 3,
        data: bytes = OGG_VOICE,
        chat: ChatRef = None,
        reply_to: MessageRef | None = None,
    ) -> Message:
        """A voice note (OGG/Opus), downloadable by the bot through getFile."""
        stored = store_file(self.state(token), data, "voice", None, "audio/ogg")
        voice = Voice(stored.file_id, stored.file_unique_id, duration, "audio/ogg", len(stored.data))
        return await self._user_message(token, user, chat, reply_to, voice=voice)

    async def send_sticker(
        self, token: str, user: User, emoji: str = "👍", *, chat: ChatRef = None
    ) -> Message:
        """A regular (static WebP) sticker."""
        stored = store_file(self.state(token), WEBP_STICKER, "sticker", None, "image/webp")
        sticker = Sticker(
            stored.file_id,
            stored.file_unique_id,
            512,
            512,
            False,
            False,
            "regular",
            emoji=emoji,
            set_name="EmulatorStickers",
            file_size=len(stored.data),
        )
        return await self._user_message(token, user, chat, None, sticker=sticker)

    async def send_photo(
        self,
        token: str,
        user: User,
        data: bytes | None = None,
        *,
        caption: str | None = None,
        chat: ChatRef = None,
    ) -> Message:
        """A photo (a small generated PNG unless ``data`` is given), in Telegram's sizes."""
        state = self.state(token)
        stored = store_file(state, data or tiny_png(), "photo", None, "image/jpeg")
        return await self._user_message(
            token, user, chat, None, photo=photo_sizes(state, stored), caption=caption
        )

    async def send_document(
        self,
        token: str,
        user: User,
        data: bytes,
        filename: str,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        chat: ChatRef = None,
    ) -> Message:
        """A file sent as a document."""
        mime = mime_of(filename, mime_type)
        stored = store_file(self.state(token), data, "document", filename, mime)
        document = Document(stored.file_id, stored.file_unique_id, filename, mime, file_size=len(data))
        return await self._user_message(token, user, chat, None, document=document, caption=caption)

    async def send_audio(
        self,
        token: str,
        user: User,
        data: bytes,
        *,
        duration: int = 3,
        filename: str = "bericht.ogg",
        mime_type: str = "audio/ogg",
        chat: ChatRef = None,
    ) -> Message:
        """An audio file (a recording shared from another app), downloadable through getFile."""
        stored = store_file(self.state(token), data, "audio", filename, mime_type)
        audio = Audio(stored.file_id, stored.file_unique_id, duration, file_name=filename,
                      mime_type=mime_type, file_size=len(stored.data))
        return await self._user_message(token, user, chat, None, audio=audio)

    async def send_video(
        self,
        token: str,
        user: User,
        *,
        duration: int = 5,
        data: bytes = b"\x00\x00\x00\x18ftypmp42" + bytes(16),
        chat: ChatRef = None,
    ) -> Message:
        """A short video."""
        stored = store_file(self.state(token), data, "video", "video.mp4", "video/mp4")
        video = Video(stored.file_id, stored.file_unique_id, 640, 360, duration, mime_type="video/mp4")
        return await self._user_message(token, user, chat, None, video=video)

    async def send_location(
        self, token: str, user: User, latitude: float, longitude: float, *, chat: ChatRef = None
    ) -> Message:
        """The user shares a map point."""
        location = Location(longitude, latitude)
        return await self._user_message(token, user, chat, None, location=location)

    async def send_contact(
        self,
        token: str,
        user: User,
        phone_number: str,
        first_name: str,
        *,
        last_name: str | None = None,
        user_id: int | None = None,
        chat: ChatRef = None,
    ) -> Message:
        """The user shares a contact card (their own: pass ``user_id=user.id``)."""
        contact = Contact(phone_number, first_name, last_name, user_id)
        return await self._user_message(token, user, chat, None, contact=contact)

    async def add_bot_to_group(self, token: str, user: User, group: Chat) -> None:
        """``user`` adds the bot to ``group``: my_chat_member plus the service message."""
        state = self.state(token)
        chat_state = self._chat(token, group.id)
        bot = state.bot_user
        chat_state.members.update({bot.id, user.id})
        chat_state.blocked = None
        change = ChatMemberUpdated(group, user, now(), ChatMemberLeft(bot), ChatMemberMember(bot))
        state.enqueue("my_chat_member", change.to_dict(), group.id)
        message = Message(chat_state.new_message_id(), now(), group, from_user=user, new_chat_members=[bot])
        chat_state.messages[message.message_id] = message
        state.enqueue("message", message_json(message), group.id)
        await asyncio.sleep(0)

    async def redeliver(self, token: str, update_id: int) -> None:
        """Send an already delivered update again with the same update_id (as after a restart)."""
        state = self.state(token)
        for update in state.delivered_updates:
            if update.update_id == update_id:
                state.pending.insert(0, update)
                state.notify()
                await asyncio.sleep(0)
                return
        raise EmulatorError(f"update {update_id} was never delivered")

    def restart_update_numbering(self, token: str, next_update_id: int = 1) -> None:
        """Telegram may start update ids again from a lower number; the next update gets this id."""
        self.state(token).next_update_id = next_update_id

    # ------------------------------------------------------------ what tests observe

    def bot_messages(self, token: str, chat_id: int) -> list[BotMessage]:
        """Every message the bot sent to the chat, oldest first, in their current version."""
        return list(self._chat(token, chat_id).bot_messages)

    async def wait_for_bot_messages(
        self, token: str, chat_id: int, count: int = 1, timeout: float = 10.0
    ) -> list[BotMessage]:
        """The next ``count`` bot messages in the chat that no earlier wait returned."""
        state = self.state(token)
        chat = self._chat(token, chat_id)
        wanted = chat.read_cursor + count
        if not await state.wait_until(lambda: len(chat.bot_messages) >= wanted, timeout):
            raise TimeoutError(self._wait_report(state, chat, count, timeout))
        found = chat.bot_messages[chat.read_cursor : wanted]
        chat.read_cursor = wanted
        return found

    async def wait_for(self, token: str, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until ``predicate()`` holds, re-checked after every change of this bot."""
        if not await self.state(token).wait_until(predicate, timeout):
            raise TimeoutError(f"condition not met within {timeout}s")

    async def wait_for_answer(self, token: str, query_id: str, timeout: float = 10.0) -> dict[str, Any]:
        """The bot's answerCallbackQuery for a button press (text, show_alert, url)."""
        state = self.state(token)
        record = state.callback_queries[query_id]
        if not await state.wait_until(lambda: record.answer is not None, timeout):
            raise TimeoutError(f"callback query {query_id} not answered within {timeout}s")
        assert record.answer is not None
        return record.answer

    def calls(self, token: str, method: str | None = None) -> list[ApiCall]:
        """The Bot API calls the bot made (all, or of one method), with their outcome."""
        calls = self.state(token).calls
        if method is None:
            return list(calls)
        return [call for call in calls if call.method.lower() == method.lower()]

    def unknown_methods(self, token: str | None = None) -> list[str]:
        """Methods the bot called that the emulator does not know (answered 404)."""
        states = [self.state(token)] if token else list(self._bots.values())
        return [name for state in states for name in state.unknown_methods]

    def delivered(self, token: str, chat_id: int) -> int:
        """How many messages the bot delivered to the chat (to count duplicates)."""
        chat = self.state(token).chats.get(chat_id)
        return chat.delivered if chat else 0

    def delivered_counts(self, token: str) -> dict[int, int]:
        """Messages delivered per chat id, for every chat that received any."""
        return {cid: c.delivered for cid, c in self.state(token).chats.items() if c.delivered}

    def reply_keyboard(self, token: str, chat_id: int) -> ReplyKeyboardMarkup | None:
        """The reply keyboard the chat shows now (None if removed or never sent)."""
        return self._chat(token, chat_id).reply_keyboard

    def commands_for(
        self,
        token: str,
        chat_id: int,
        language_code: str | None = None,
        user_id: int | None = None,
    ) -> list[BotCommand]:
        """The command menu a client shows in this chat for a phone in ``language_code``."""
        state = self.state(token)
        chat = self._chat(token, chat_id).chat
        scopes = [f"chat:{chat_id}", "default"]
        if chat.type == "private":
            scopes.insert(1, "all_private_chats")
        else:
            member = [f"chat_member:{chat_id}:{user_id}"] if user_id is not None else []
            scopes = [*member, f"chat:{chat_id}", "all_group_chats", "default"]
        language = (language_code or "")[:2].lower()
        for scope in scopes:
            for lang in ([language] if language else []) + [""]:
                if (scope, lang) in state.commands:
                    return list(state.commands[(scope, lang)])
        return []

    def file(self, token: str, file_id: str) -> StoredFile:
        """A stored file (bytes, name, MIME type) by file_id."""
        return self.state(token).files[file_id]

    def pending_updates(self, token: str) -> int:
        """Updates queued and not yet confirmed by the bot."""
        return len(self.state(token).pending)

    def webhook(self, token: str) -> Webhook | None:
        """The webhook as set by the bot, with push errors."""
        return self.state(token).webhook

    # ------------------------------------------------------------ internals

    def _chat(self, token: str, chat_id: int) -> ChatState:
        chat = self.state(token).chats.get(chat_id)
        if chat is None:
            raise EmulatorError(f"chat {chat_id} unknown: create it with user() or group()")
        return chat

    def _target_chat(self, token: str, user: User, chat: ChatRef) -> ChatState:
        if chat is None:
            if user.id not in self.state(token).chats:
                self.user(token, user.id, user.first_name, language_code=user.language_code)
            return self._chat(token, user.id)
        return self._chat(token, chat if isinstance(chat, int) else chat.id)

    def _message_chat(self, token: str, user: User, message: MessageRef, chat: ChatRef) -> ChatState:
        if isinstance(message, BotMessage):
            return self._chat(token, message.chat_id)
        if isinstance(message, Message):
            return self._chat(token, message.chat.id)
        return self._target_chat(token, user, chat)

    async def _user_message(
        self,
        token: str,
        user: User,
        chat: ChatRef,
        reply_to: MessageRef | None,
        **content: Any,
    ) -> Message:
        state = self.state(token)
        chat_state = self._target_chat(token, user, chat)
        replied = None
        if reply_to is not None:
            replied = chat_state.messages.get(_message_id(reply_to))
            if replied is None:
                raise EmulatorError("the replied-to message is not in the chat")
            replied = without_reply(replied)
        message = Message(
            chat_state.new_message_id(),
            now(),
            chat_state.chat,
            from_user=user,
            reply_to_message=replied,
            **content,
        )
        chat_state.messages[message.message_id] = message
        chat_state.members.add(user.id)
        if chat_state.chat.type == "private":
            chat_state.started = True
            if chat_state.blocked and chat_state.blocked != USER_DEACTIVATED:
                chat_state.blocked = None
        if self._bot_sees(state, chat_state, message):
            state.enqueue("message", message_json(message), chat_state.chat.id)
        await asyncio.sleep(0)
        return message

    def _bot_sees(self, state: BotState, chat: ChatState, message: Message) -> bool:
        """Group privacy mode: only commands, mentions and replies to the bot get through."""
        if chat.chat.type == "private" or not state.privacy_mode:
            return True
        text = message.text or message.caption or ""
        username = (state.bot_user.username or "").lower()
        if text.startswith("/"):
            first = text.split()[0]
            return "@" not in first or first.split("@", 1)[1].lower() == username
        for entity, value in message.parse_entities(["mention", "text_mention"]).items():
            if value.lower() == f"@{username}" or (entity.user and entity.user.id == state.bot_user.id):
                return True
        replied = message.reply_to_message
        return bool(replied and replied.from_user and replied.from_user.id == state.bot_user.id)

    def _wait_report(self, state: BotState, chat: ChatState, count: int, timeout: float) -> str:
        got = [m.text for m in chat.bot_messages[chat.read_cursor :]]
        failed = [f"{c.method} -> {c.status} {c.description}" for c in state.calls if c.status != 200]
        return (
            f"waited {timeout}s for {count} new bot message(s) in chat {chat.chat.id}, got {got}; "
            f"failed calls: {failed[-5:]}; unknown methods: {state.unknown_methods}"
        )


def _bot_user(bot_id: int, username: str, first_name: str, *, privacy_mode: bool) -> User:
    return User(
        bot_id,
        first_name,
        True,
        username=username,
        can_join_groups=True,
        can_read_all_group_messages=not privacy_mode,
        supports_inline_queries=False,
        can_connect_to_business=False,
        has_main_web_app=False,
    )


def _chat_state(state: BotState, chat: Chat) -> ChatState:
    instance = str(abs(hash((state.token, chat.id))) % 10**19)
    return ChatState(chat=chat, chat_instance=instance)


def _message_id(message: MessageRef) -> int:
    if isinstance(message, BotMessage | Message):
        return message.message_id
    return message


def _button_data(message: Message, callback_data: str | None, label: str | None, check: bool) -> str:
    markup = message.reply_markup
    buttons = [b for row in markup.inline_keyboard for b in row] if markup else []
    if label is not None:
        for button in buttons:
            if button.text == label and button.callback_data is not None:
                return str(button.callback_data)
        raise EmulatorError(f"no inline button {label!r}; shown: {[b.text for b in buttons]}")
    if callback_data is None:
        raise EmulatorError("press_button needs callback_data or label")
    if check and callback_data not in [b.callback_data for b in buttons]:
        shown = [(b.text, b.callback_data) for b in buttons]
        raise EmulatorError(f"no inline button with data {callback_data!r}; shown: {shown}")
    return callback_data
