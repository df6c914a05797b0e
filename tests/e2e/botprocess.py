"""``maatje run`` as a separate process for tests that kill, restart or multiply the bot.

The same assembly as ``maatje run`` (settings from ``MAATJE_*``, migrations, the sender
and the jobs its leader runs), with two test-only liberties: the webhook may be plain http
on 127.0.0.1 (the emulator accepts it), and our own loggers write INFO to stderr so a test
can read what each process did.
"""

from __future__ import annotations

import argparse
import logging
import sys

from bot.assembly import build_conversations
from bot.commands import _attach_outbox
from bot.config import Settings
from bot.telegram.application import Webhook, build_application, serve


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--webhook-url")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--secret", default="maatje-test-secret")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(name)s %(message)s")
    for name in ("bot", "storage"):
        logging.getLogger(name).setLevel(logging.INFO)
    settings = Settings()
    assert settings.telegram_token
    conversations = build_conversations(settings, wait_for_database=True)
    application = build_application(settings.telegram_token, conversations,
                                     settings.telegram_base_url, settings.concurrent_updates)
    _attach_outbox(application, conversations, settings, settings.telegram_base_url)
    webhook = Webhook(args.webhook_url, args.port, args.secret, "127.0.0.1") if args.webhook_url else None
    print("bot process ready to serve", file=sys.stderr, flush=True)
    serve(application, webhook)


if __name__ == "__main__":
    main()
