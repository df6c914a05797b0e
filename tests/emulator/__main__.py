"""Run the emulator as its own process: ``python -m tests.emulator --port 8081``.

Prints one line ``Bot API emulator listening on http://127.0.0.1:PORT`` when ready,
then serves until SIGTERM or Ctrl-C.  Drive users with ``RemoteEmulator``.
"""

from __future__ import annotations

import argparse
import asyncio
import signal

from .server import BotApiEmulator


def parse_args() -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description="Local Telegram Bot API emulator for tests.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    return parser.parse_args()


async def serve(host: str, port: int) -> None:
    """Serve until a termination signal."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with BotApiEmulator(host, port) as emulator:
        print(f"Bot API emulator listening on {emulator.url}", flush=True)
        await stop.wait()


def main() -> None:
    """Entry point."""
    args = parse_args()
    asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
