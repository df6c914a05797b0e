"""Channel-neutral messages: what a person sent, and what Maatje answers."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

#: Longest text the core looks at; Telegram's own limit is 4,096 characters.
MAX_INCOMING_CHARS = 8_192


class Kind(StrEnum):
    """What a person sent; non-text kinds get a kind answer instead of an error."""

    TEXT = "text"
    COMMAND = "command"
    BUTTON = "button"
    VOICE = "voice"
    STICKER = "sticker"
    PHOTO = "photo"
    VIDEO = "video"
    LOCATION = "location"
    CONTACT = "contact"
    OTHER = "other"


@dataclass(frozen=True)
class Attachment:
    """A file a person sent along (a staff member's photo or document for an announcement)."""

    kind: str
    file_id: str


@dataclass(frozen=True)
class Transcript:
    """What a speech model heard: the text, and how sure it was (0 to 1)."""

    text: str
    confidence: float
    #: The language it was told the note is in (and wrote the text in).
    language: str = "nl"
    #: The language it heard spoken, whatever it wrote, and how sure of that it is (0 to 1);
    #: ``None`` when it did not tell.
    spoken: str | None = None
    spoken_confidence: float = 0.0


@dataclass(frozen=True)
class VoiceNote:
    """A voice note or audio file as the core sees it: never the sound, only its length and
    what was heard. ``transcript`` is ``None`` when it was not listened to (too long, or
    ``busy``)."""

    seconds: float
    transcript: Transcript | None = None
    #: Not listened to: the notes before it were still waiting to be heard (a bounded queue).
    busy: bool = False


@dataclass(frozen=True)
class Incoming:
    """One message from a person, as any channel sees it.

    ``chat_key`` is the chat it was written in (a group, or the person's own chat);
    ``reply_to_text`` is the text of Maatje's own message this one replies to, if any.
    """

    user_key: str
    kind: Kind = Kind.TEXT
    text: str = ""
    payload: str | None = None
    language_hint: str | None = None
    first_name: str | None = None
    chat_key: str | None = None
    #: Sent in a group chat: answer without personal settings and never show personal data.
    in_group: bool = False
    reply_to_text: str | None = None
    attachment: Attachment | None = None
    #: A voice note the channel listened to (``kind`` is ``VOICE``); ``None``: voice is off.
    voice: VoiceNote | None = None

    @property
    def reply_chat(self) -> str:
        """Where an answer to this message goes: the chat it came from."""
        return self.chat_key or self.user_key

    def cleaned(self) -> Incoming:
        """The same message with text any library or database can hold.

        A phone (or a forger) can send a lone UTF-16 surrogate, which crashes native
        libraries and cannot be stored; NUL characters are refused by PostgreSQL.
        """
        return replace(
            self,
            text=clean_text(self.text)[:MAX_INCOMING_CHARS],
            payload=None if self.payload is None else clean_text(self.payload),
            language_hint=None if self.language_hint is None else clean_text(self.language_hint),
            first_name=None if self.first_name is None else clean_text(self.first_name),
            reply_to_text=None if self.reply_to_text is None else clean_text(self.reply_to_text),
            voice=self.voice and _cleaned_voice(self.voice),
        )


def _cleaned_voice(voice: VoiceNote) -> VoiceNote:
    heard = voice.transcript
    if heard is None:
        return voice
    return replace(voice, transcript=replace(heard, text=clean_text(heard.text)[:MAX_INCOMING_CHARS]))


def clean_text(text: str) -> str:
    """Lone surrogates become U+FFFD (valid pairs are joined), NUL characters go."""
    if text.isascii():
        return text.replace("\x00", "")
    joined = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return joined.replace("\x00", "")


@dataclass(frozen=True)
class Button:
    """An inline choice: the label the person sees and the payload that comes back.

    A button with a ``url`` opens that link instead (a chat service); nothing comes back.
    Telegram takes only http(s) and tg:// links there, so phone numbers stay in the text.
    """

    label: str
    payload: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Venue:
    """A place to show on a map."""

    title: str
    address: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Document:
    """A file to send (a PDF form, an .ics calendar entry)."""

    filename: str
    data: bytes
    mime_type: str
    caption: str = ""


@dataclass(frozen=True)
class Reply:
    """One message Maatje sends back.

    ``languages`` lists the language of each block of ``text``, Dutch first.
    ``menu`` asks the channel to show the persistent main menu with this reply.
    ``columns`` lays the buttons out in that many columns (a language picker uses two).
    A ``document`` with an ``image/*`` type is shown as a picture.
    ``hands_over``: this message tells her a youth worker has her question (a lead, an
    alert) now, whose answer comes later through the outbox; a channel that cannot always
    reach her (the web chat: only while its page is open) says when it will arrive.
    """

    text: str
    languages: tuple[str, ...] = ("nl",)
    buttons: tuple[Button, ...] = ()
    menu: tuple[str, ...] = ()
    venue: Venue | None = None
    document: Document | None = None
    columns: int = 1
    hands_over: bool = False


@dataclass(frozen=True)
class Trace:
    """Why Maatje answered as it did: for ``ask --json``, evaluation and logs (no personal data)."""

    intent: str
    fallback: str | None
    confidence: float
    language: str
    candidates: tuple[tuple[str, float], ...] = ()
    entities: dict[str, str] = field(default_factory=dict)
    #: The person asked something (typed, or pressed a topic): what /statistiek counts.
    #: Not a command, a welcome step's tap, or the step of a feature's own flow.
    question: bool = False
    #: The kind of follow-up this message was ("price", "place"…), answered about ``intent``.
    follow_up: str | None = None
    #: The referral an out-of-scope message got (its key in ``details.yaml``), or ``None``.
    referral: str | None = None


@dataclass(frozen=True)
class Outcome:
    """The replies to send and the trace of the decision."""

    replies: tuple[Reply, ...]
    trace: Trace
