"""Who sends: this process, while it holds the send lease (the `send_lease` row in the store).

One process sends at a time, so there is one pace for the whole bot. The running bot takes
the lease at start and renews it every RENEW_SECONDS; it lapses LEASE_SECONDS after the
last renewal, so a holder that died frees it within half a minute, and at once when it ran
on this machine (its process is gone). A command-line broadcast takes it only when no bot
holds it, renews it every HANDOVER_SECONDS, and hands it over (between two messages) to a
bot that asks; with a bot running, the command line leaves the sending to the bot.
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import timedelta

from bot.clock import Clock
from bot.store import Lease, Store

LEASE_SECONDS = 30
RENEW_SECONDS = 5.0  # the bot renews (and looks for broadcasts to send) this often
HANDOVER_SECONDS = 1.0  # a command-line holder looks this often whether a bot asks
# After taking the lease from a process that sent until a moment ago, nothing goes out for
# this long: its last second of messages still counts toward Telegram's limits.
AFTER_ANOTHER_SECONDS = 1.0


def process_alive(pid: int) -> bool:
    """Whether a process with that id runs on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. PermissionError: it exists, as another user
        return True
    return True


class SendLease:
    """This process's claim to be the one that sends: take, renew, ask, release."""

    def __init__(self, store: Store, clock: Clock, kind: str) -> None:
        self._store = store
        self._clock = clock
        self.kind = kind  # "bot" or "cli"
        self.pid = os.getpid()
        self.host = socket.gethostname()
        self.holder = f"{kind}:{self.pid}@{self.host}:{secrets.token_hex(4)}"
        self.held = False
        self.asked = False  # a bot waits for it: hand it over
        self.quiet_first = 0.0  # seconds to send nothing after taking it (another just sent)

    async def take(self) -> bool:
        """Hold it if it is free, lapsed, or its holder is gone; True if held now."""
        current = await self._store.lease.current()
        gone = current.holder if current is not None and self._gone(current) else None
        self.held = await self._store.lease.take(
            self.holder, self.kind, self.pid, self.host, LEASE_SECONDS, gone
        )
        self.asked = False
        recent = self._clock.now() - timedelta(seconds=2)  # stored times are whole seconds
        another = current is not None and current.holder != self.holder
        self.quiet_first = AFTER_ANOTHER_SECONDS if another and current.expires_at > recent else 0
        return self.held

    async def renew(self) -> bool:
        """Keep it; False if it was lost (it lapsed and another process took it)."""
        lease = await self._store.lease.renew(self.holder, LEASE_SECONDS)
        self.held = lease is not None
        self.asked = lease is not None and lease.wanted_by is not None
        return self.held

    async def ask(self) -> None:
        """Ask the holder to hand it over (a command-line holder does, between two messages)."""
        await self._store.lease.ask(self.holder)

    async def release(self) -> None:
        if self.held:
            await self._store.lease.release(self.holder)
        self.held = False

    async def holder_now(self) -> Lease | None:
        """Who else holds it now (not lapsed), or None."""
        current = await self._store.lease.current()
        if current is None or current.holder == self.holder:
            return None
        if current.expires_at <= self._clock.now() or self._gone(current):
            return None
        return current

    def _gone(self, lease: Lease) -> bool:
        """Whether the holder's process is known to be gone (it ran on this machine)."""
        if lease.host != self.host:
            return False
        if lease.pid == self.pid:
            # Our own process id: one process never runs two bots, so a bot lease under it
            # is left by an earlier run with the same id (a restarted container).
            return lease.kind == "bot" == self.kind and lease.holder != self.holder
        return not process_alive(lease.pid)
