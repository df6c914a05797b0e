"""The ``maatje`` command line: chat, ask, run and content tools.

``ask``'s options and JSON fields are a contract used by other tools: extend, never break.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from bot import failures
from bot.config import Settings
from bot.eval import TURN_ACCURACY, Thresholds
from bot.logredact import install

if TYPE_CHECKING:
    from content.loader import ContentError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maatje",
        description="Maatje: a Telegram assistant that answers in simple Dutch.",
    )
    parser.add_argument("--data-dir", type=Path, help="folder for the database and caches "
                        "(default: ./data, or MAATJE_DATA_DIR)")
    parser.add_argument("--debug", action="store_true", help="show the full traceback when "
                        "something goes wrong (otherwise one or two lines say what and why)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    chat = commands.add_parser("chat", help="talk to Maatje in this terminal",
                               description="Talk to Maatje in this terminal. Buttons show as "
                               "numbers: type the number to press one. Type /quit to stop.")
    chat.add_argument("--language-code", help="act as a phone set to this language (e.g. ar)")
    chat.add_argument("--as", dest="person", metavar="NAME",
                      help="be this person, named NAME (default: one local person); two "
                      "terminals with other names are two people, e.g. a pupil and her parent")

    ask = commands.add_parser("ask", help="answer one message (or a batch) and print the answer",
                              description="Answer a message as a person who already finished "
                              "the welcome steps and has no history.")
    ask.add_argument("text", nargs="*", help="the message")
    ask.add_argument("--json", action="store_true", help="print one JSON object per message")
    ask.add_argument("--language-code", help="the app language Telegram would report (e.g. ar)")
    ask.add_argument("--role", choices=("pupil", "parent"),
                     help="answer as a pupil (the default) or a parent would be answered")
    ask.add_argument("--batch", metavar="FILE", help='read JSON Lines {"text", "language_code"} '
                     "from FILE (- for standard input); print one JSON object per line")
    ask.add_argument("--db", metavar="URL", help="store users in this database (default: "
                     "nothing is stored)")

    run = commands.add_parser("run", help="start the Telegram bot",
                              description="Start the Telegram bot. Needs MAATJE_TELEGRAM_TOKEN. "
                              "By default it asks Telegram for new messages (long polling); with "
                              "--webhook Telegram sends them to this server instead.")
    run.add_argument("--base-url", help="Bot API server to use instead of Telegram's (for tests)")
    run.add_argument("--webhook", action="store_true",
                     help="receive messages on a web address instead of polling")
    run.add_argument("--url", help="with --webhook: the public https address Telegram sends to, "
                     "e.g. https://maatje.example.org/telegram")
    run.add_argument("--port", type=int, default=8443,
                     help="with --webhook: the local port to listen on (default 8443)")
    run.add_argument("--listen", default="0.0.0.0",
                     help="with --webhook: the local address to listen on (default 0.0.0.0)")
    run.add_argument("--secret", help="with --webhook: the secret Telegram must send with every "
                     "request (default MAATJE_WEBHOOK_SECRET, or a new random one at each start)")
    run.add_argument("--web", action="store_true",
                     help="also serve the web chat (as maatje web does), in this process")
    run.add_argument("--web-port", type=int, default=8080,
                     help="with --web: the web chat's local port (default 8080)")
    run.add_argument("--web-listen", default="127.0.0.1",
                     help="with --web: the web chat's local address (default 127.0.0.1)")

    web = commands.add_parser(
        "web", help="start the web chat (for people without Telegram)",
        description="Serve Maatje's web chat: a page and a WebSocket on the same conversations "
        "as the Telegram bot. Behind a reverse proxy with HTTPS, set MAATJE_WEB_ORIGIN.")
    web.add_argument("--port", type=int, default=8080, help="the local port (default 8080)")
    web.add_argument("--listen", default="127.0.0.1",
                     help="the local address (default 127.0.0.1: only a reverse proxy on this "
                     "machine reaches it; 0.0.0.0 in a container)")

    qr = commands.add_parser("qr", help="make a QR code that opens Maatje at a topic",
                             description="Write a QR code (PNG) for a poster or a letter. Scanning "
                             "it opens Maatje at the topic, in the language given.")
    qr.add_argument("topic", metavar="TOPIC", help="the topic, e.g. kamp, paklijst, fiche, "
                    "activiteiten, sport, meedoen, jeugdwerker, adres")
    qr.add_argument("--lang", help="show the answer in this language too (e.g. ar, uk, fa)")
    qr.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.png",
                    help="where to write the PNG")
    qr.add_argument("--username", help="the bot's username (default MAATJE_TELEGRAM_USERNAME, "
                    "or asked from Telegram with the token)")
    qr.add_argument("--web", action="store_true",
                    help="open the web chat instead of Telegram (the address: MAATJE_WEB_URL)")

    commands.add_parser("train", help="train the understanding model now (once, 2-4 minutes)",
                        description="Train the model that understands messages and keep it in "
                        "the data folder's cache, with a progress bar, so that the first chat "
                        "or start takes a second. Does nothing when the cache is current.")
    doctor = commands.add_parser(
        "doctor", help="check that Maatje is ready to go live",
        description="Check what must be done before Maatje goes live: example content still "
        "there, promises to parents not confirmed, safeguarding, consent and medical "
        "translations not reviewed, no staff member, migrations, backups, the token and the "
        "webhook. maatje run warns about the same at every start.")
    doctor.add_argument("--strict", action="store_true",
                        help="exit with code 1 when anything needs attention (for a deployment pipeline)")
    doctor.add_argument("--base-url", help="Bot API server to use instead of Telegram's (for tests)")
    health = commands.add_parser(
        "health", help="is the running bot alive? (Docker's HEALTHCHECK)",
        description="Exit 0 when maatje run (with the same data folder) wrote its heartbeat "
        "in the last two minutes, else 1 with one line saying why.")
    health.add_argument("--database", action="store_true", help="also check that the database answers")
    _add_eval(commands)

    content = commands.add_parser("content", help="check the content files",
                                  description="Tools for the content files.")
    content_commands = content.add_subparsers(dest="content_command", metavar="ACTION",
                                              required=True)
    check = content_commands.add_parser("check", help="validate all content files",
                                        description="Validate every content file and report "
                                        "each problem with file and key.")
    check.add_argument("--dir", type=Path, help="content folder (default: the bundled content)")
    export = content_commands.add_parser(
        "export", help="write every text as JSON Lines (or gettext catalogs) for translators",
        description='Write every user-facing text to standard output as JSON Lines: "key", '
        '"lang", "text", "reviewed". With --po, write the UI texts as gettext catalogs '
        "(content/locale/<lang>/LC_MESSAGES/maatje.po) instead.")
    export.add_argument("--lang", action="append", metavar="L",
                        help="only this language (ISO 639-1); repeat for more")
    export.add_argument("--po", action="store_true", help="write gettext .po catalogs")
    export.add_argument("--dir", type=Path, help="content folder (default: the bundled content)")
    imported = content_commands.add_parser(
        "import", help="take back translations (JSON Lines, a .po catalog or a review sheet)",
        description="Read translations from FILE (JSON Lines as written by export, a .po "
        "catalog, or an .xlsx sheet written by review), check every line, and write them into "
        "the content files. Nothing is written when a line is wrong.")
    imported.add_argument("file", metavar="FILE", help="the file to import (- for standard input)")
    imported.add_argument("--dir", type=Path, help="content folder (default: the bundled content)")
    _add_review(content_commands)

    activities = commands.add_parser("activities", help="import activities; who comes",
                                     description="Tools for the activities.")
    activity_commands = activities.add_subparsers(dest="activities_command", metavar="ACTION",
                                                  required=True)
    ics = activity_commands.add_parser(
        "import", help="import the coming events of an iCalendar (.ics) file or feed",
        description="Read an iCalendar file or feed (https://…) and replace the imported "
        "activities with its coming events. Titles and texts stay as they are (Dutch).")
    ics.add_argument("source", metavar="FILE_OR_URL")
    ics.add_argument("--dir", type=Path, help="content folder (default: the bundled content)")

    from bot import activitycli, campcli, formscli, staffcli

    activitycli.add_parser(activity_commands)

    staffcli.add_parsers(commands)
    campcli.add_parsers(commands)
    formscli.add_parsers(commands)
    return parser


def _add_review(content_commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``maatje content review``; its choices are ``content.review.ONLY``, written out so
    that every start does not load the spreadsheet library."""
    review = content_commands.add_parser(
        "review", help="a spreadsheet for a native speaker to check one language, and take it back",
        description="Write a review sheet (.xlsx) for one language: per text the key, the Dutch, "
        "the translation, a column OK to tick and a column for a correction; safeguarding, consent "
        "and medical texts first. With --import, take a filled-in sheet back: corrections are "
        "written, ticked or corrected texts become reviewed, nothing else changes.")
    review.add_argument("--lang", metavar="L", help="the language to review (e.g. fa)")
    review.add_argument("--only", choices=("unreviewed", "safety"),
                        help="only texts not yet reviewed, or only the safeguarding, consent and "
                        "medical texts")
    review.add_argument("--out", type=Path, metavar="FILE.xlsx",
                        help="where to write the sheet (default: review-L.xlsx)")
    review.add_argument("--import", dest="sheet", type=Path, metavar="FILE.xlsx",
                        help="take back a filled-in sheet instead of writing one")
    review.add_argument("--dir", type=Path, help="content folder (default: the bundled content)")


def _add_eval(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    evaluate = commands.add_parser(
        "eval", help="measure understanding on labelled messages",
        description="Answer every labelled message as maatje ask would and report intent "
        "accuracy, precision and recall per topic, a confusion table, out-of-scope recall, "
        "safeguarding recall and false alarms, and language-ID accuracy. Exits with code 1 "
        "when a figure is below its threshold.")
    evaluate.add_argument("file", nargs="?", help='JSON Lines {"text", "intent" (or "intents"), '
                          '"language", "language_code"}')
    evaluate.add_argument("--cross-validate", action="store_true",
                          help="instead of FILE: cross-validate on the training examples")
    evaluate.add_argument("--conversations", metavar="FILE",
                          help='instead of FILE: JSON Lines conversations {"id", "role", '
                          '"language_code", "turns": [{"text", "intents", "entity"?}]}; '
                          "reports turn and follow-up accuracy")
    evaluate.add_argument("--threshold-turns", type=float, default=TURN_ACCURACY,
                          help=f"with --conversations: lowest acceptable turn accuracy "
                          f"(default {TURN_ACCURACY})")
    evaluate.add_argument("--folds", type=int, default=5, help="folds for --cross-validate (5)")
    evaluate.add_argument("--errors", action="store_true", help="also list every wrong answer")
    evaluate.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    evaluate.add_argument("--confidence-threshold", type=float,
                          help="evaluate with this threshold instead of the configured one")
    defaults = Thresholds()
    for name, help_text in (
        ("accuracy", "lowest acceptable intent accuracy"),
        ("oos-recall", "lowest acceptable out-of-scope recall"),
        ("safeguarding-recall", "lowest acceptable safeguarding recall"),
        ("false-alarms", "highest acceptable share of false safeguarding answers"),
        ("language", "lowest acceptable language-ID accuracy on messages of 2+ words"),
    ):
        default = getattr(defaults, name.replace("-", "_"))
        evaluate.add_argument(f"--threshold-{name}", type=float, default=default,
                              help=f"{help_text} (default {default})")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        settings = Settings(**({"data_dir": args.data_dir} if args.data_dir else {}))
    except (ValidationError, tomllib.TOMLDecodeError) as error:
        if args.debug:
            raise
        return _report(failures.settings_problem(error) if isinstance(error, ValidationError)
                       else failures.Problem(f"configuration is not valid: maatje.toml: {error}",
                                             failures.MISCONFIGURED))
    configure_logging(settings.log_level or ("INFO" if args.command in ("run", "web") else "WARNING"),
                      secrets=(settings.telegram_token or "", settings.webhook_secret or "",
                               settings.web_secret or ""))
    try:
        code = _dispatch(args, settings)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return code
    except BrokenPipeError:
        return _closed_pipe()
    except Exception as error:
        problem = failures.explain(error)
        if problem is None or args.debug:
            raise
        return _report(problem)


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    """Run the sub-command; the mistakes it reports itself are one line."""
    from bot import campcli, commands, doctor, formscli, health, staffcli
    from content.loader import ContentError

    handler = {
        "staff": staffcli.staff,
        "camp": campcli.camp,
        "forms": formscli.forms,
        "outbox": staffcli.outbox,
        "leads": staffcli.leads,
        "broadcast": staffcli.broadcast,
        "chat": commands.chat,
        "ask": commands.ask,
        "run": commands.run,
        "web": commands.web,
        "qr": commands.qr,
        "content": commands.content,
        "eval": commands.evaluate,
        "train": commands.train,
        "doctor": doctor.command,
        "health": health.command,
        "activities": commands.activities,
    }[args.command]
    try:
        return handler(args, settings)
    except KeyboardInterrupt:
        return 130
    except commands.UserError as error:
        print(f"maatje: {error}", file=sys.stderr)
        return 2
    except ContentError as error:
        print(f"maatje: {content_problem(error)}", file=sys.stderr)
        return 1


def _report(problem: failures.Problem) -> int:
    print(f"maatje: {problem.message}", file=sys.stderr)
    return problem.code


def _closed_pipe() -> int:
    """``maatje ask … | head``: the reader stopped reading. Nothing to say (as ``cat`` says
    nothing); later writes go nowhere, and the exit code is a shell's for SIGPIPE."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 128 + 13


def content_problem(error: ContentError) -> str:
    """One line for broken content at start: the first problem (file, key or byte) and how
    many more there are; ``maatje content check`` lists them all."""
    first, *rest = error.problems or ["unknown problem"]
    more = f" (and {len(rest)} more: maatje content check lists them)" if rest else ""
    return f"content is not valid: {first}{more}"


def configure_logging(level: str, secrets: Sequence[str] = ()) -> None:
    """The operator's level, and the redaction filter on every root handler (see
    :mod:`bot.logredact`): no token, id, name or text reaches a log at any level.

    Below DEBUG the HTTP client and the scheduler stay at WARNING, since at INFO they write
    a line for every poll, and so do the migrations, which wrote eight lines at every start;
    at DEBUG they speak too, redacted like everything else.
    """
    logging.getLogger().setLevel(level)
    install(logging.getLogger(), secrets)
    quiet = logging.DEBUG if level == "DEBUG" else logging.WARNING
    for noisy in ("httpx", "httpcore", "apscheduler", "alembic"):
        logging.getLogger(noisy).setLevel(quiet)


if __name__ == "__main__":
    sys.exit(main())
