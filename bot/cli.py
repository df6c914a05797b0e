"""The ``maatje`` command line: chat, ask, run and content tools.

``ask``'s options and JSON fields are a contract used by other tools: extend, never break.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from bot.config import Settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maatje",
        description="Maatje: a Telegram assistant that answers in simple Dutch.",
    )
    parser.add_argument("--data-dir", type=Path, help="folder for the database and caches "
                        "(default: ./data, or MAATJE_DATA_DIR)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    chat = commands.add_parser("chat", help="talk to Maatje in this terminal",
                               description="Talk to Maatje in this terminal. Buttons show as "
                               "numbers: type the number to press one. Type /quit to stop.")
    chat.add_argument("--language-code", help="act as a phone set to this language (e.g. ar)")

    ask = commands.add_parser("ask", help="answer one message (or a batch) and print the answer",
                              description="Answer a message as a person who already finished "
                              "the welcome steps and has no history.")
    ask.add_argument("text", nargs="*", help="the message")
    ask.add_argument("--json", action="store_true", help="print one JSON object per message")
    ask.add_argument("--language-code", help="the app language Telegram would report (e.g. ar)")
    ask.add_argument("--batch", metavar="FILE", help='read JSON Lines {"text", "language_code"} '
                     "from FILE (- for standard input); print one JSON object per line")
    ask.add_argument("--db", metavar="URL", help="store users in this database (default: "
                     "nothing is stored)")

    run = commands.add_parser("run", help="start the Telegram bot",
                              description="Start the Telegram bot (long polling). Needs "
                              "MAATJE_TELEGRAM_TOKEN.")
    run.add_argument("--base-url", help="Bot API server to use instead of Telegram's (for tests)")

    content = commands.add_parser("content", help="check the content files",
                                  description="Tools for the content files.")
    content_commands = content.add_subparsers(dest="content_command", metavar="ACTION",
                                              required=True)
    check = content_commands.add_parser("check", help="validate all content files",
                                        description="Validate every content file and report "
                                        "each problem with file and key.")
    check.add_argument("--dir", type=Path, help="content folder (default: the bundled content)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        settings = Settings(**({"data_dir": args.data_dir} if args.data_dir else {}))
    except ValidationError as error:
        print(f"maatje: configuration is not valid: {error}", file=sys.stderr)
        return 2
    from bot import commands

    handler = {
        "chat": commands.chat,
        "ask": commands.ask,
        "run": commands.run,
        "content": commands.content,
    }[args.command]
    try:
        return handler(args, settings)
    except KeyboardInterrupt:
        return 130
    except commands.UserError as error:
        print(f"maatje: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
