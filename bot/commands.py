"""What each ``maatje`` sub-command does, once the arguments are parsed."""

from __future__ import annotations

import argparse
import json
import logging
import re
import secrets
import signal
import sys
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.assembly import build_conversations, build_core, build_sender, seed_model_cache
from bot.config import Settings
from bot.core.state import ONBOARDED
from bot.service import Conversations
from content.loader import default_content_dir
from storage.db import Database

if TYPE_CHECKING:
    from bot.telegram.application import Webhook
    from bot.web.server import WebChat

log = logging.getLogger(__name__)
#: What Telegram accepts as a webhook secret token.
SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class UserError(Exception):
    """A mistake the person running the command can fix; printed in one line."""


def chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import chat as console_chat

    conversations = build_conversations(settings)
    console_chat(conversations, language=args.language_code, person=args.person)
    return 0


def ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.ask import ask_batch, ask_one, human_text, write_records

    if not args.batch and not args.text:
        raise UserError("ask needs a message, e.g. maatje ask hallo (or --batch FILE)")
    core = build_core(settings)  # broken content: one line and exit 1 (bot.cli)
    database = Database.open(args.db) if args.db else None
    conversations = Conversations(core, database, ONBOARDED.with_(role=args.role))
    if args.batch:
        with ExitStack() as stack:
            source: TextIO = sys.stdin if args.batch == "-" else stack.enter_context(
                _open(args.batch))
            write_records(ask_batch(conversations, source), sys.stdout)
        return 0
    record = ask_one(conversations, " ".join(args.text), args.language_code)
    print(json.dumps(record, ensure_ascii=False) if args.json else human_text(record))
    return 0


def _open(path: str) -> TextIO:
    try:
        return open(path, encoding="utf-8")
    except OSError as error:
        raise UserError(f"cannot read {path}: {error.strerror}") from error


def run(args: argparse.Namespace, settings: Settings) -> int:
    token = settings.telegram_token
    if not token:
        raise UserError(
            "no Telegram bot token. Create a bot with @BotFather in Telegram and set "
            "MAATJE_TELEGRAM_TOKEN=<token> (or telegram_token in maatje.toml)."
        )
    webhook = _webhook(args, settings)
    from bot.telegram.application import build_application, serve

    base_url = args.base_url or settings.telegram_base_url
    settings = _with_username(settings, base_url)
    conversations = build_conversations(settings, wait_for_database=True)
    from bot.doctor import warn_at_start

    warn_at_start(conversations.live_core().content, settings, conversations.database)
    _reload_on_hangup(conversations)
    from bot.voice.start import start_voice

    transcriber = start_voice(settings.voice, settings.data_dir / "cache",
                              conversations.live_core().content)
    application = build_application(token, conversations, base_url, settings.concurrent_updates,
                                    transcriber=transcriber)
    _attach_outbox(application, conversations, settings, base_url)
    if getattr(args, "web", False):
        _attach_web(application, conversations, settings, args)
    from bot import health

    health.install(application, settings)  # for maatje health (Docker's HEALTHCHECK)
    serve(application, webhook)
    return 0


def web(args: argparse.Namespace, settings: Settings) -> int:
    """``maatje web``: the web chat on the same conversation service as Telegram."""
    from bot.doctor import warn_at_start
    from bot.web.server import serve

    conversations = build_conversations(settings, wait_for_database=True)
    warn_at_start(conversations.live_core().content, settings, conversations.database)
    _reload_on_hangup(conversations)
    serve(_web_chat(conversations, settings), args.listen, args.port)
    return 0


def _web_chat(conversations: Conversations, settings: Settings) -> WebChat:
    from bot.features.kit.formfile import attachment
    from bot.web.addresses import proxy_networks
    from bot.web.identity import CookieSigner, signing_key
    from bot.web.server import WebChat

    key = signing_key(settings.web_secret, settings.data_dir)
    days = settings.retention_forms_days
    return WebChat(conversations, CookieSigner(key), origin=settings.web_origin,
                   attachments=lambda name: attachment(conversations.live_core().content, name,
                                                       days),
                   concurrency=settings.concurrent_updates,
                   trusted_proxies=proxy_networks(settings.web_trusted_proxies),
                   address_burst=settings.web_address_burst,
                   address_window=settings.web_address_window_seconds)


def _attach_web(application: Any, conversations: Conversations, settings: Settings,
                args: argparse.Namespace) -> None:
    """``maatje run --web``: the web chat in the bot's process, on the same conversations."""
    from bot.web.server import attach_to

    attach_to(application, _web_chat(conversations, settings), args.web_listen, args.web_port)


def _with_username(settings: Settings, base_url: str | None) -> Settings:
    """The settings with the bot's username, asked from Telegram (getMe) before anything
    else is loaded: a refused token or an unreachable Telegram is then one line within a
    second (see :mod:`bot.failures`), not a traceback after the model has loaded. The
    links staff hand out to parents carry the username."""
    from bot.qr import bot_username

    if not settings.telegram_token:
        return settings
    username = bot_username(settings.telegram_token, base_url)
    configured = (settings.telegram_username or username).lstrip("@")
    if configured.lower() != username.lower():
        log.warning("MAATJE_TELEGRAM_USERNAME is %s but the token belongs to @%s; "
                    "parent links and QR codes use @%s", configured, username, username)
    return settings.model_copy(update={"telegram_username": username})


def _webhook(args: argparse.Namespace, settings: Settings) -> Webhook | None:
    """The webhook to serve, or ``None`` for long polling; a secret is always set."""
    from bot.telegram.application import Webhook

    if not args.webhook:
        return None
    if not args.url or not args.url.startswith("https://"):
        raise UserError("--webhook needs --url with the public https address, "
                        "e.g. --url https://maatje.example.org/telegram")
    secret = args.secret or settings.webhook_secret or secrets.token_urlsafe(32)
    if not SECRET.match(secret):
        raise UserError("the webhook secret may only hold A-Z, a-z, 0-9, _ and - (1 to 256 of them)")
    return Webhook(args.url, args.port, secret, args.listen)


def qr(args: argparse.Namespace, settings: Settings) -> int:
    from bot.features.deeplinks import link_url, start_parameter, web_link_url
    from bot.qr import write_qr

    try:
        parameter = start_parameter(args.topic, args.lang)
    except ValueError as error:
        raise UserError(str(error)) from error
    if getattr(args, "web", False):
        url = web_link_url(web_address(settings), parameter)
    else:
        url = link_url(resolve_username(args.username, settings, "--username"), parameter)
    try:
        write_qr(url, args.output)
    except OSError as error:
        raise UserError(f"cannot write {args.output}: {error.strerror}") from error
    print(f"{args.output}: {url}")
    return 0


def web_address(settings: Settings) -> str:
    """The web chat's public address: ``MAATJE_WEB_URL``, else ``MAATJE_WEB_ORIGIN``."""
    address = settings.web_url or settings.web_origin
    if not address:
        raise UserError("the web chat's address is needed: set MAATJE_WEB_URL, "
                        "e.g. MAATJE_WEB_URL=https://maatje.example.org")
    return address


def resolve_username(given: str | None, settings: Settings, option: str = "--bot") -> str:
    """The bot's username: as given, from the settings, or asked from Telegram (getMe)."""
    from bot.qr import bot_username

    username = given or settings.telegram_username
    if not username and settings.telegram_token:
        username = bot_username(settings.telegram_token, settings.telegram_base_url)
    if not username:
        raise UserError(f"the bot's username is needed: use {option} NAME, or set "
                        "MAATJE_TELEGRAM_USERNAME (or MAATJE_TELEGRAM_TOKEN to ask Telegram)")
    return username.lstrip("@")


def _attach_outbox(
    application: Any, conversations: Conversations, settings: Settings, base_url: str | None
) -> None:
    """The outbox sender (notices, relayed answers, broadcasts) runs beside the bot; while
    it leads the deployment it also runs the scheduled jobs (reminders, retention)."""
    from bot.telegram.outbox_runner import attach_sender

    if conversations.database is None or not settings.telegram_token:
        return
    parts = build_sender(
        conversations.database, lambda: conversations.live_core().content,
        settings.telegram_token, base_url, settings, conversations.now,
    )
    attach_sender(application, parts)


def _reload_on_hangup(conversations: Conversations) -> None:
    """``kill -HUP <pid>`` reloads the content before the next message."""
    holder = conversations.content
    if holder is not None and hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, lambda *_: holder.request_reload())


def content(args: argparse.Namespace, settings: Settings) -> int:
    from bot import content_tools

    folder = args.dir or settings.content_dir or default_content_dir()
    actions: dict[str, Callable[[Path, argparse.Namespace], int]] = {
        "check": partial(content_tools.check, zone=settings.zone),
        "export": content_tools.export,
        "import": content_tools.import_file,
        "review": content_tools.review,
    }
    action = actions[args.content_command]
    try:
        return action(folder, args)
    except content_tools.ToolError as error:
        raise UserError(str(error)) from error


def activities(args: argparse.Namespace, settings: Settings) -> int:
    from bot import activitycli, content_tools

    if args.activities_command == "attendees":
        return activitycli.attendees(args, settings)
    folder = args.dir or settings.content_dir or default_content_dir()
    try:
        return content_tools.import_activities(folder, args.source, settings.zone)
    except content_tools.ToolError as error:
        raise UserError(str(error)) from error


def train(args: argparse.Namespace, settings: Settings) -> int:
    """``maatje train``: the models into ``<data dir>/cache`` (scripts/setup, a Docker build)."""
    from intents.pipeline import Understander
    from intents.progress import Progress

    cache = settings.data_dir / "cache"
    seed_model_cache(settings)
    before = set(cache.glob("*.np[yz]"))
    Understander.load(cache_dir=cache, encoder_threads=settings.encoder_threads,
                      progress=Progress())
    if set(cache.glob("*.np[yz]")) == before:
        print(f"maatje: the understanding model in {cache} is up to date", file=sys.stderr)
    return 0


def evaluate_conversations(args: argparse.Namespace, settings: Settings) -> int:
    """``maatje eval --conversations FILE``: turn and follow-up accuracy, exit 1 below the floor."""
    from bot.eval import with_threshold
    from bot.eval_conversations import ConversationReport, judge_conversations, read_conversations

    try:
        conversations = read_conversations(Path(args.conversations))
    except OSError as error:
        raise UserError(f"cannot read {args.conversations}: {error.strerror}") from error
    except ValueError as error:
        raise UserError(f"not a conversations file: {error}") from error
    core = with_threshold(Conversations(build_core(settings), None, ONBOARDED),
                          args.confidence_threshold).core
    report = ConversationReport(judge_conversations(core, conversations))
    failures = report.failures(args.threshold_turns)
    if args.json:
        print(json.dumps({**report.summary(), "failures": failures}, ensure_ascii=False))
    else:
        print(report.render(errors=args.errors))
        for failure in failures:
            print(f"FAIL: {failure}")
    return 1 if failures else 0


def evaluate(args: argparse.Namespace, settings: Settings) -> int:
    """``maatje eval``: the figures, and exit code 1 when one is below its threshold."""
    from bot.eval import Report, Thresholds, cross_validate, judge, render, with_threshold
    from intents.examples import read_examples, training_files

    if args.conversations:
        if args.file or args.cross_validate:
            raise UserError("eval --conversations takes no other FILE nor --cross-validate")
        return evaluate_conversations(args, settings)
    if bool(args.file) == bool(args.cross_validate):
        raise UserError("eval needs a FILE of labelled messages, or --cross-validate")
    try:
        examples = read_examples([Path(args.file)] if args.file else training_files())
    except OSError as error:
        raise UserError(f"cannot read {args.file}: {error.strerror}") from error
    except ValueError as error:
        raise UserError(f"not a labelled-messages file: {error}") from error
    core = build_core(settings)  # broken content: one line and exit 1 (bot.cli)
    conversations = with_threshold(Conversations(core, None, ONBOARDED), args.confidence_threshold)
    if args.cross_validate:
        report = cross_validate(conversations, examples, args.folds,
                                cache_dir=settings.data_dir / "cache")
    else:
        report = Report(judge(conversations, examples))
    thresholds = Thresholds(args.threshold_accuracy, args.threshold_oos_recall,
                            args.threshold_safeguarding_recall, args.threshold_false_alarms,
                            args.threshold_language)
    failures = report.failures(thresholds)
    if args.json:
        print(json.dumps({**report.summary(), "failures": failures}, ensure_ascii=False))
    else:
        print(render(report, errors=args.errors))
        for failure in failures:
            print(f"FAIL: {failure}")
    return 1 if failures else 0
