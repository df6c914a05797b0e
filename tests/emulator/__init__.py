"""A local Telegram Bot API emulator for end-to-end tests of the real bot.

See README.md in this folder for the user-side API and what is not emulated.
"""

from .errors import ApiError
from .files import tiny_png
from .server import BotApiEmulator
from .state import ApiCall, BotMessage, Fault, StoredFile, Webhook
from .users import EmulatorError

__all__ = [
    "ApiCall",
    "ApiError",
    "BotApiEmulator",
    "BotMessage",
    "EmulatorError",
    "Fault",
    "StoredFile",
    "Webhook",
    "tiny_png",
]
