"""Formatted text as Telegram parses it: HTML, MarkdownV2, legacy Markdown and plain text.

Telegram turns ``parse_mode`` text into plain text plus entities, refuses malformed
markup with ``Bad Request: can't parse entities: ...``, strips surrounding
whitespace, and only then applies the length limit.  Clients also detect URLs,
@mentions, /commands, #hashtags and e-mail addresses in plain text.  Entity offsets
and lengths are in UTF-16 code units; the length limits count Unicode characters.
The error texts follow tdlib's parsers; rare corner cases may word them differently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from telegram import MessageEntity

from .errors import ApiError, bad_request


@dataclass
class Span:
    """An entity in code-point positions, before conversion to UTF-16 offsets."""

    type: str
    start: int
    end: int
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class FormattedText:
    """Plain text and its entities, as the message will carry them."""

    text: str
    entities: list[MessageEntity]


def entity_error(detail: str) -> ApiError:
    """Telegram's error for markup it cannot parse."""
    return bad_request(f"can't parse entities: {detail}")


def byte_offset(text: str, index: int) -> int:
    """tdlib reports positions as UTF-8 byte offsets."""
    return len(text[:index].encode("utf-8"))


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of entity offsets."""
    return len(text.encode("utf-16-le")) // 2


# ---------------------------------------------------------------- HTML

HTML_TAGS = {
    "a": "text_link", "b": "bold", "strong": "bold", "i": "italic", "em": "italic",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "u": "underline", "ins": "underline", "tg-spoiler": "spoiler", "span": "spoiler",
    "tg-emoji": "custom_emoji", "pre": "pre", "code": "code", "blockquote": "blockquote",
}  # fmt: skip
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
ENTITY_RE = re.compile(r"&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([a-zA-Z]{2,6}));")
TAG_NAME_RE = re.compile(r"[a-zA-Z0-9-]*")
ATTR_RE = re.compile(r"\s*([a-zA-Z0-9-]+)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?")


@dataclass
class _OpenTag:
    name: str
    start: int
    offset: int
    attrs: dict[str, str]


def parse_html(source: str) -> tuple[str, list[Span]]:
    """Parse Telegram's HTML subset into text and spans."""
    out: list[str] = []
    spans: list[Span] = []
    stack: list[_OpenTag] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "&":
            decoded, i = _html_entity(source, i)
            out.append(decoded)
        elif char != "<":
            out.append(char)
            i += 1
        elif source.startswith("</", i):
            i = _html_end_tag(source, i, stack, spans, len("".join(out)))
        else:
            i = _html_start_tag(source, i, stack, len("".join(out)))
    if stack:
        raise entity_error(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    return "".join(out), spans


def _html_entity(source: str, i: int) -> tuple[str, int]:
    match = ENTITY_RE.match(source, i)
    if match is None:
        return "&", i + 1
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        if name not in NAMED_ENTITIES:
            return "&", i + 1
        return NAMED_ENTITIES[name], match.end()
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "&", i + 1
    return chr(code), match.end()


def _html_start_tag(source: str, i: int, stack: list[_OpenTag], position: int) -> int:
    offset = byte_offset(source, i)
    name_match = TAG_NAME_RE.match(source, i + 1)
    assert name_match is not None
    name = name_match.group(0).lower()
    if name not in HTML_TAGS:
        raise entity_error(f'Unsupported start tag "{name}" at byte offset {offset}')
    attrs: dict[str, str] = {}
    j = name_match.end()
    while True:
        while j < len(source) and source[j].isspace():
            j += 1
        if j >= len(source):
            raise entity_error(f"Unclosed start tag at byte offset {offset}")
        if source[j] == ">":
            break
        attr = ATTR_RE.match(source, j)
        if attr is None or attr.end() == j:
            raise entity_error(f'Empty attribute name in the tag "{name}" at byte offset {offset}')
        value = attr.group(2) or ""
        if value[:1] in {'"', "'"}:
            value = value[1:-1]
        attrs[attr.group(1).lower()] = _decode_html_text(value)
        j = attr.end()
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise entity_error(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
    stack.append(_OpenTag(name, position, offset, attrs))
    return j + 1


def _decode_html_text(value: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(value):
        if value[i] == "&":
            decoded, i = _html_entity(value, i)
            out.append(decoded)
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def _html_end_tag(source: str, i: int, stack: list[_OpenTag], spans: list[Span], position: int) -> int:
    offset = byte_offset(source, i)
    if not stack:
        raise entity_error(f"Unexpected end tag at byte offset {offset}")
    name_match = TAG_NAME_RE.match(source, i + 2)
    assert name_match is not None
    name = name_match.group(0).lower()
    opened = stack[-1]
    if name != opened.name:
        raise entity_error(
            f'Unmatched end tag at byte offset {offset}, expected "</{opened.name}>", found "</{name}>"'
        )
    j = name_match.end()
    while j < len(source) and source[j].isspace():
        j += 1
    if j >= len(source) or source[j] != ">":
        raise entity_error(f"Can't find end of tag at byte offset {offset}")
    stack.pop()
    span = _html_span(opened, position, spans)
    if span is not None:
        spans.append(span)
    return j + 1


def _html_span(opened: _OpenTag, end: int, spans: list[Span]) -> Span | None:
    kind = HTML_TAGS[opened.name]
    extra: dict[str, Any] = {}
    if kind == "text_link":
        url = opened.attrs.get("href", "")
        if not url:
            return None
        if url.startswith("tg://user?id="):
            return Span("text_mention", opened.start, end, {"user_id": url.split("=", 1)[1]})
        extra["url"] = url
    elif kind == "custom_emoji":
        extra["custom_emoji_id"] = opened.attrs.get("emoji-id", "")
    elif kind == "blockquote" and "expandable" in opened.attrs:
        kind = "expandable_blockquote"
    elif kind == "code":
        language = opened.attrs.get("class", "")
        inner_pre = next((s for s in spans if s.type == "pre" and s.start == opened.start), None)
        if language.startswith("language-") and inner_pre is None:
            extra["pending_language"] = language.removeprefix("language-")
    elif kind == "pre":
        code = next(
            (s for s in spans if s.type == "code" and s.start == opened.start and s.end == end),
            None,
        )
        if code is not None:
            spans.remove(code)
            pending = code.extra.get("pending_language")
            if pending:
                extra["language"] = str(pending)
    return Span(kind, opened.start, end, extra)


# ---------------------------------------------------------------- MarkdownV2

MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")
MDV2_NAMES = {
    "bold": "Bold", "italic": "Italic", "underline": "Underline",
    "strikethrough": "Strikethrough", "spoiler": "Spoiler", "text_link": "TextUrl",
    "code": "Code", "pre": "Pre", "custom_emoji": "CustomEmoji",
}  # fmt: skip
MDV2_OPENERS = {"*": "bold", "~": "strikethrough"}


@dataclass
class _MdOpen:
    type: str
    start: int
    offset: int


def parse_markdown_v2(source: str) -> tuple[str, list[Span]]:
    """Parse MarkdownV2: every reserved character outside an entity must be escaped."""
    out: list[str] = []
    spans: list[Span] = []
    stack: list[_MdOpen] = []
    quote_start: int | None = None
    i = 0
    while i < len(source):
        char = source[i]
        top = stack[-1].type if stack else None
        if char == "\\" and i + 1 < len(source) and 0 < ord(source[i + 1]) < 127:
            out.append(source[i + 1])
            i += 2
        elif top in {"code", "pre"}:
            i = _md_code_char(source, i, stack, spans, out)
        elif char == ">" and (i == 0 or source[i - 1] == "\n"):
            quote_start = len("".join(out)) if quote_start is None else quote_start
            i += 1
        elif char not in MDV2_RESERVED:
            if char == "\n" and quote_start is not None and not source.startswith(">", i + 1):
                spans.append(Span("blockquote", quote_start, len("".join(out))))
                quote_start = None
            out.append(char)
            i += 1
        else:
            i = _md_entity_char(source, i, stack, spans, out)
    if stack:
        opened = stack[-1]
        raise entity_error(
            f"Can't find end of {MDV2_NAMES[opened.type]} entity at byte offset {opened.offset}"
        )
    if quote_start is not None:
        spans.append(Span("blockquote", quote_start, len("".join(out))))
    return "".join(out), spans


def _md_code_char(source: str, i: int, stack: list[_MdOpen], spans: list[Span], out: list[str]) -> int:
    opened = stack[-1]
    closer = "```" if opened.type == "pre" else "`"
    if not source.startswith(closer, i):
        out.append(source[i])
        return i + 1
    stack.pop()
    text = "".join(out)
    extra: dict[str, Any] = {}
    start = opened.start
    if opened.type == "pre":
        first_line, sep, _ = text[start:].partition("\n")
        if sep and first_line and " " not in first_line.strip():
            extra["language"] = first_line.strip()
            del out[start : start + len(first_line) + 1]
            text = "".join(out)
    spans.append(Span(opened.type, start, len(text), extra))
    return i + len(closer)


def _md_entity_char(source: str, i: int, stack: list[_MdOpen], spans: list[Span], out: list[str]) -> int:
    char = source[i]
    position = len("".join(out))
    kind, width = _md_token(source, i)
    if kind is not None and stack and _md_closes(stack[-1].type, kind):
        opened = stack.pop()
        if kind == "text_link":
            return _md_close_link(source, i, opened, spans, position)
        spans.append(Span(opened.type, opened.start, position))
        return i + width
    if kind is None or kind == "text_link_end":
        raise entity_error(f"Character '{char}' is reserved and must be escaped with the preceding '\\'")
    stack.append(_MdOpen(kind, position, byte_offset(source, i)))
    return i + width


def _md_token(source: str, i: int) -> tuple[str | None, int]:
    char = source[i]
    if source.startswith("__", i):
        return "underline", 2
    if source.startswith("||", i):
        return "spoiler", 2
    if source.startswith("```", i):
        return "pre", 3
    if char == "_":
        return "italic", 1
    if char == "`":
        return "code", 1
    if char == "[":
        return "text_link_open", 1
    if char == "]":
        return "text_link", 1
    if char == "!" and source.startswith("![", i):
        return "custom_emoji", 2
    return MDV2_OPENERS.get(char), 1


def _md_closes(open_type: str, token: str) -> bool:
    if token == "text_link":
        return open_type in {"text_link_open", "custom_emoji"}
    return open_type == token


def _md_close_link(source: str, i: int, opened: _MdOpen, spans: list[Span], position: int) -> int:
    if not source.startswith("(", i + 1):
        raise entity_error("Character ']' is reserved and must be escaped with the preceding '\\'")
    end = i + 2
    url_chars: list[str] = []
    while end < len(source) and source[end] != ")":
        if source[end] == "\\" and end + 1 < len(source):
            end += 1
        url_chars.append(source[end])
        end += 1
    if end >= len(source):
        raise entity_error(f"Can't find end of a url at byte offset {byte_offset(source, i + 1)}")
    url = "".join(url_chars)
    if opened.type == "custom_emoji":
        emoji_id = url.removeprefix("tg://emoji?id=")
        spans.append(Span("custom_emoji", opened.start, position, {"custom_emoji_id": emoji_id}))
    elif url.startswith("tg://user?id="):
        user_id = url.split("=", 1)[1]
        spans.append(Span("text_mention", opened.start, position, {"user_id": user_id}))
    else:
        spans.append(Span("text_link", opened.start, position, {"url": url}))
    return end + 1


# ---------------------------------------------------------------- legacy Markdown

LEGACY_OPENERS = {"*": "bold", "_": "italic", "`": "code"}


def parse_markdown(source: str) -> tuple[str, list[Span]]:
    """Legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting."""
    out: list[str] = []
    spans: list[Span] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source) and source[i + 1] in "_*`[":
            out.append(source[i + 1])
            i += 2
            continue
        if char not in "_*`[":
            out.append(char)
            i += 1
            continue
        i = _legacy_entity(source, i, out, spans)
    return "".join(out), spans


def _legacy_entity(source: str, i: int, out: list[str], spans: list[Span]) -> int:
    start = len("".join(out))
    offset = byte_offset(source, i)
    unclosed = entity_error(f"Can't find end of the entity starting at byte offset {offset}")
    if source.startswith("```", i):
        end = source.find("```", i + 3)
        if end == -1:
            raise unclosed
        out.append(source[i + 3 : end])
        spans.append(Span("pre", start, start + end - i - 3))
        return end + 3
    if source[i] == "[":
        match = re.compile(r"\[([^\]]*)\]\(([^)]*)\)").match(source, i)
        if match is None:
            raise unclosed
        out.append(match.group(1))
        spans.append(Span("text_link", start, start + len(match.group(1)), {"url": match[2]}))
        return match.end()
    end = source.find(source[i], i + 1)
    if end == -1:
        raise unclosed
    out.append(source[i + 1 : end])
    spans.append(Span(LEGACY_OPENERS[source[i]], start, start + end - i - 1))
    return end + 1


# ---------------------------------------------------------------- plain text detection

DETECTORS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    ("url", re.compile(r"(?<![\w@/])(?:https?://|www\.|t\.me/)[^\s<>\"]+[^\s<>\".,;:!?)\]]")),
    ("bot_command", re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}(?![\w@])")),
    ("hashtag", re.compile(r"(?<![\w#])#\w*[^\W\d]\w*")),
]  # fmt: skip


def detect_spans(text: str, taken: list[Span]) -> list[Span]:
    """What a Telegram client highlights by itself in plain text."""
    found: list[Span] = []
    blocked = [s for s in taken if s.type in {"code", "pre", "text_link", "url", "email"}]
    for kind, pattern in DETECTORS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s.start < end and start < s.end for s in blocked + found):
                continue
            found.append(Span(kind, start, end))
    return found


# ---------------------------------------------------------------- public API


def format_text(
    source: str,
    parse_mode: str | None,
    explicit: list[dict[str, Any]] | None = None,
    limit: int = 4096,
    too_long: str = "message is too long",
) -> FormattedText:
    """Turn the text a bot sent into what the user's chat shows; raise Telegram's errors."""
    spans = _parse(source, parse_mode) if explicit is None else None
    text = source if spans is None else spans[0]
    raw = [] if spans is None else spans[1]
    text, raw = _strip(text, raw)
    if len(text) > limit:
        raise bad_request(too_long)
    if explicit is not None:
        return FormattedText(text, _explicit_entities(explicit, text))
    raw.extend(detect_spans(text, raw))
    return FormattedText(text, to_entities(text, raw))


def plain_entities(text: str) -> list[MessageEntity]:
    """Entities of a message typed by a user in a client (auto-detected only)."""
    return to_entities(text, detect_spans(text, []))


def _parse(source: str, parse_mode: str | None) -> tuple[str, list[Span]]:
    mode = (parse_mode or "").lower()
    if mode == "html":
        return parse_html(source)
    if mode == "markdownv2":
        return parse_markdown_v2(source)
    if mode == "markdown":
        return parse_markdown(source)
    if mode:
        raise bad_request("unsupported parse_mode")
    return source, []


def _strip(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    kept: list[Span] = []
    for span in spans:
        start = max(span.start - lead, 0)
        end = min(span.end - lead, len(stripped))
        if end > start:
            kept.append(Span(span.type, start, end, span.extra))
    return stripped, kept


def to_entities(text: str, spans: list[Span]) -> list[MessageEntity]:
    """Convert code-point spans to MessageEntity objects with UTF-16 offsets, sorted."""
    units = [0]
    for char in text:
        units.append(units[-1] + (2 if ord(char) > 0xFFFF else 1))
    entities = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        extra = {k: v for k, v in span.extra.items() if k in {"url", "language", "custom_emoji_id"}}
        offset = units[span.start]
        entities.append(MessageEntity(span.type, offset, units[span.end] - offset, **extra))
    return entities


def _explicit_entities(raw: list[dict[str, Any]], text: str) -> list[MessageEntity]:
    total = utf16_len(text)
    entities = []
    for item in raw:
        entity = MessageEntity.de_json(item, None)
        if entity.offset < 0 or entity.length <= 0 or entity.offset + entity.length > total:
            continue
        entities.append(entity)
    return entities
