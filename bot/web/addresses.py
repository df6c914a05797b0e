"""The per-address rate limit of the web chat, beside the per-person flood control.

A cookie costs nothing to make: someone flooding the web chat can take a new one for each
message and never meet the per-person limit (:mod:`bot.flood`). So each address also gets
a token bucket: ``burst`` requests (page loads, WebSocket connections, messages) at once,
refilled at ``burst`` per ``window`` seconds. A school's wifi puts a whole class behind one
address, so the default is generous. The buckets live in this process's memory only (an
address is never written anywhere) and old ones are dropped: at most :data:`MAX_ADDRESSES`.

Behind a reverse proxy every request comes from the proxy: its ``X-Forwarded-For`` names
the visitor, but anyone can send that header, so it is believed only from the proxy
addresses in ``MAATJE_WEB_TRUSTED_PROXIES``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_ADDRESSES = 50_000


def proxy_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """``10.0.0.5``, ``10.0.0.0/8``, ``::1``: the proxies whose X-Forwarded-For is believed
    (``ValueError`` for anything else, at start)."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries
                 if entry.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(peer: str | None, forwarded_for: str | None,
                   trusted: tuple[Network, ...]) -> str:
    """Who sent the request: the connection's address, or, when that is a trusted proxy,
    the last address in ``X-Forwarded-For`` that is not one (the proxies add theirs on
    the right; what is left of the visitor's own entry, she may have written herself)."""
    own = _address(peer or "")
    if own is None:
        return peer or "unknown"
    if not trusted or not _in(own, trusted) or not forwarded_for:
        return str(own)
    for entry in reversed(forwarded_for.split(",")[-20:]):
        hop = _address(entry)
        if hop is None:
            break  # not an address: do not look further left
        if not _in(hop, trusted):
            return str(hop)
    return str(own)


def _in(address: ipaddress.IPv4Address | ipaddress.IPv6Address,
        networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


@dataclass
class AddressLimiter:
    """A token bucket per address, in memory."""

    burst: int = 120
    window: float = 60.0
    clock: Callable[[], float] = field(default=lambda: 0.0)
    buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def allow(self, address: str) -> bool:
        """Take one token for ``address``; ``False`` when it has none left."""
        now = self.clock()
        tokens, at = self.buckets.get(address, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + max(now - at, 0.0) * self.burst / self.window)
        allowed = tokens >= 1.0
        self.buckets[address] = (tokens - 1.0 if allowed else tokens, now)
        if len(self.buckets) > MAX_ADDRESSES:
            self._forget_old(now)
        return allowed

    def _forget_old(self, now: float) -> None:
        """Drop the buckets that are full again (nothing to remember), else the oldest half."""
        full = [key for key, (_, at) in self.buckets.items() if now - at >= self.window]
        for key in full:
            del self.buckets[key]
        if len(self.buckets) > MAX_ADDRESSES:
            oldest = sorted(self.buckets, key=lambda key: self.buckets[key][1])
            for key in oldest[: len(oldest) // 2]:
                del self.buckets[key]
