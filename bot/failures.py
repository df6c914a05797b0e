"""Expected failures in one or two lines: what is wrong and what to do about it.

An operator who mistyped the database address or pasted half a token needs the cause and
the fix, not 118 lines of traceback; ``maatje --debug`` still shows the traceback. Only the
failures listed here are explained: anything else is a bug and keeps its traceback.

Nothing here imports Telegram or SQLAlchemy: an error can only come from a library that
was already imported, so ``sys.modules`` is asked first and a command that never touched
the database pays nothing for this check.
"""

from __future__ import annotations

import errno
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError

DATABASE_HELP = ("check MAATJE_DATABASE_URL (or --db), e.g. "
                 "postgresql://maatje:secret@db:5432/maatje, and that the server runs")
#: Exit codes: 1 for a failure of something outside (database, Telegram, content), 2 for a
#: setting or argument the operator can correct (as argparse uses it).
FAILED, MISCONFIGURED = 1, 2


@dataclass(frozen=True)
class Problem:
    """One explained failure: the line to print and the exit code."""

    message: str
    code: int = FAILED


def explain(error: BaseException) -> Problem | None:
    """The one-line explanation of an expected failure, or ``None`` for a bug."""
    for explainer in (_database, _telegram, _operating_system):
        problem = explainer(error)
        if problem is not None:
            return problem
    return None


def settings_problem(error: ValidationError) -> Problem:
    """A setting with a value it cannot take: which one, its value, and what it needs.

    Settings come from ``MAATJE_<NAME>`` or ``<name>`` in ``maatje.toml``; both are named.
    """
    first, *rest = error.errors()
    name = ".".join(str(part) for part in first["loc"]) or "?"
    given = first.get("input")
    value = f"={_short(given)}" if isinstance(given, str | int | float) else ""
    more = f" (and {len(rest)} more)" if rest else ""
    return Problem(
        f"configuration is not valid: MAATJE_{name.upper()}{value}: "
        f"{first['msg'].removeprefix('Value error, ')}{more}.\n"
        f"Fix it in the environment, or as {name} in maatje.toml.",
        MISCONFIGURED,
    )


def _database(error: BaseException) -> Problem | None:
    exceptions = sys.modules.get("sqlalchemy.exc")
    if exceptions is None or not isinstance(error, exceptions.SQLAlchemyError):
        return None
    if isinstance(error, exceptions.NoSuchModuleError | exceptions.ArgumentError):
        return Problem(f"the database address is not valid ({_first_line(error)}): {DATABASE_HELP}",
                       MISCONFIGURED)
    cause = getattr(error, "orig", None) or error
    if isinstance(error, exceptions.OperationalError | exceptions.InterfaceError):
        return Problem(f"cannot use the database ({_first_line(cause)}): {DATABASE_HELP}")
    return Problem(f"the database refused ({_first_line(cause)}): {DATABASE_HELP}")


def _telegram(error: BaseException) -> Problem | None:
    telegram = sys.modules.get("telegram.error")
    if telegram is None or not isinstance(error, telegram.TelegramError):
        return None
    if isinstance(error, telegram.InvalidToken):
        return Problem("Telegram refused the bot token: copy it again from @BotFather "
                       "(/mybots → API Token) into MAATJE_TELEGRAM_TOKEN.", MISCONFIGURED)
    if isinstance(error, telegram.Conflict):
        return Problem("another program is already receiving this bot's messages (Telegram: "
                       f"{_first_line(error)}): stop it first, or give this one its own token.")
    if isinstance(error, telegram.NetworkError):
        return Problem(f"cannot reach Telegram ({_first_line(error)}): check this machine's "
                       "internet connection (or --base-url), then start again.")
    return Problem(f"Telegram answered with an error ({_first_line(error)}).")


def _operating_system(error: BaseException) -> Problem | None:
    if not isinstance(error, OSError):
        return None
    if error.errno == errno.EADDRINUSE:
        return Problem("the port is already in use: stop what listens there, or choose "
                       "another with --port.", MISCONFIGURED)
    if error.filename is None:
        return None
    reason = error.strerror or type(error).__name__
    return Problem(f"cannot use {error.filename}: {reason}: check MAATJE_DATA_DIR and "
                   "MAATJE_CONTENT_DIR, and that this user may write there.")


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return _short(text[0] if text else type(error).__name__, 160)


def _short(value: object, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"

