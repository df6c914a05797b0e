"""Files as the Bot API keeps them: uploads, file_ids, getFile paths and photo sizes.

The emulator keeps the bytes, file name and MIME type of every file so tests can
check what the user received, and serves them at ``/file/bot<token>/<path>``.
A photo is answered with the size variants Telegram returns; the emulator does
not resize pictures, so every variant serves the original bytes.
"""

from __future__ import annotations

import mimetypes
import secrets
import struct
import zlib

from telegram import PhotoSize

from .errors import WRONG_FILE_ID, ApiError, bad_request
from .params import Params
from .state import BotState, StoredFile

MAX_UPLOAD = 50 * 1024 * 1024
PHOTO_SIDES = (90, 320, 800, 1280)
FOLDERS = {
    "document": "documents", "photo": "photos", "voice": "voice", "sticker": "stickers",
    "video": "videos", "audio": "music", "animation": "animations",
}  # fmt: skip


def new_file_id(state: BotState, kind: str) -> tuple[str, str]:
    """A file_id and file_unique_id, unique within the emulator."""
    serial = len(state.files) + 1
    unique = f"AQAD{kind[:2].upper()}{serial}{secrets.token_hex(3)}"
    return (
        f"{kind[:3].upper()}ACAg{state.bot_user.id}_{serial}_{secrets.token_hex(8)}",
        unique,
    )


def store_file(
    state: BotState, data: bytes, kind: str, filename: str | None, mime_type: str | None
) -> StoredFile:
    """Keep a file's bytes under a fresh file_id, with a getFile path like Telegram's."""
    if len(data) > MAX_UPLOAD:
        raise ApiError(413, "Request Entity Too Large")
    if not data:
        raise bad_request("file must be non-empty")
    file_id, unique = new_file_id(state, kind)
    extension = _extension(filename, mime_type)
    path = f"{FOLDERS.get(kind, 'documents')}/file_{len(state.files)}{extension}"
    stored = StoredFile(file_id, unique, data, filename, mime_type, path)
    state.files[file_id] = stored
    return stored


def _extension(filename: str | None, mime_type: str | None) -> str:
    if filename and "." in filename:
        return "." + filename.rsplit(".", 1)[1].lower()
    guessed = mimetypes.guess_extension(mime_type) if mime_type else None
    return guessed or ""


def mime_of(filename: str | None, declared: str | None) -> str | None:
    """The MIME type Telegram reports: declared, else guessed from the file name."""
    if declared and declared != "application/octet-stream":
        return declared.split(";")[0].strip()
    guessed = mimetypes.guess_type(filename)[0] if filename else None
    return guessed or declared


def input_file(state: BotState, params: Params, name: str, kind: str) -> StoredFile:
    """The file a bot passes as ``name``: an upload, ``attach://``, or a known file_id."""
    upload = params.uploads.get(name)
    reference = params.get_str(name)
    if upload is None and reference and reference.startswith("attach://"):
        upload = params.uploads.get(reference.removeprefix("attach://"))
    if upload is not None:
        mime = mime_of(upload.filename, upload.content_type)
        return store_file(state, upload.data, kind, upload.filename, mime)
    if not reference:
        raise bad_request(f"there is no {name} in the request")
    if reference in state.files:
        return state.files[reference]
    if reference.startswith(("http://", "https://")):
        raise bad_request("failed to get HTTP URL content")
    raise bad_request(WRONG_FILE_ID)


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF, JPEG or WebP picture; ``None`` if not a picture."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in {b"GIF87a", b"GIF89a"} and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    if data[:2] == b"\xff\xd8":
        return _jpeg_size(data)
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in {0xC4, 0xC8, 0xCC}:
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(width), int(height)
        i += 2 + length
    return None


def photo_sizes(state: BotState, stored: StoredFile) -> list[PhotoSize]:
    """The size variants Telegram returns for a photo, smallest first, original last."""
    size = image_size(stored.data)
    if size is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    width, height = size
    longest = max(width, height)
    sizes = []
    for side in PHOTO_SIDES:
        if side >= longest:
            break
        file_id, unique = new_file_id(state, "photo")
        state.files[file_id] = StoredFile(
            file_id,
            unique,
            stored.data,
            stored.filename,
            stored.mime_type,
            stored.file_path,
        )
        scale = side / longest
        sizes.append(
            PhotoSize(
                file_id,
                unique,
                max(1, round(width * scale)),
                max(1, round(height * scale)),
            )
        )
    sizes.append(PhotoSize(stored.file_id, stored.file_unique_id, width, height, len(stored.data)))
    return sizes


def tiny_png(width: int = 64, height: int = 48) -> bytes:
    """A valid, small PNG, for tests that need 'a photo' without caring what it shows."""
    raw = b"".join(b"\x00" + b"\x80\x80\xff" * width for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
