"""QR codes for posters and letters: a deep link into Maatje at a topic, in a language.

``maatje qr kamp --lang ar -o kamp-ar.png`` prints ``https://t.me/<bot>?start=kamp-ar`` as a
QR code a parent scans with their phone's camera.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

#: Pixels per QR module and the quiet zone around it (4 modules, as the standard asks).
SCALE = 12
BORDER = 4


def write_qr(url: str, path: Path) -> None:
    """Save ``url`` as a PNG QR code (error correction M: survives a crease or a stain)."""
    import segno

    segno.make(url, error="m", micro=False).save(str(path), kind="png", scale=SCALE, border=BORDER)


def bot_username(token: str, base_url: str | None = None) -> str:
    """The bot's username, asked from Telegram with getMe."""
    return asyncio.run(_get_username(token, base_url))


async def _get_username(token: str, base_url: str | None) -> str:
    from telegram import Bot

    bot = Bot(token, base_url=f"{base_url.rstrip('/')}/bot") if base_url else Bot(token)
    async with bot:
        return bot.username


def qr_png(url: str) -> bytes:
    """The same QR code as :func:`write_qr`, as PNG bytes (to send in a chat)."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=SCALE, border=BORDER)
    return out.getvalue()
