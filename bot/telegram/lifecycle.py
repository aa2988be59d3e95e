"""Running the application: connect, start, poll until told to stop, then stop in order.

PTB's `run_polling` does the same steps; this owns them so that start-up waits for Telegram
with our backoff (`connection.connect`), polling errors are handled without a traceback
each, and a refused token or a second poller ends the run with one line (the link's).
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Sequence

from telegram.ext import Application

from bot.core.backoff import Backoff
from bot.telegram.connection import QuietOnceFatal, TelegramLink, connect

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


async def serve(
    app: Application,
    link: TelegramLink,
    backoff: Backoff,
    *,
    poll_interval: float,
    allowed_updates: Sequence[str],
) -> str | None:
    """Run the bot until SIGINT or SIGTERM; the line to exit with if Telegram refused it."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in STOP_SIGNALS:
        loop.add_signal_handler(number, stop.set)
    link.on_fatal = stop.set
    quiet, handlers = QuietOnceFatal(link), logging.getLogger().handlers
    for handler in handlers:
        handler.addFilter(quiet)
    assert app.updater is not None
    try:
        if not await connect(app, link, backoff, stop):
            return link.fatal
        if app.post_init is not None:
            await app.post_init(app)
        if not stop.is_set():
            await app.updater.start_polling(
                poll_interval=poll_interval,
                allowed_updates=list(allowed_updates),
                bootstrap_retries=-1,  # deleteWebhook, right after Telegram answered getMe
                error_callback=link.polling_failed,
            )
            await app.start()
            await stop.wait()
    finally:
        for number in STOP_SIGNALS:
            loop.remove_signal_handler(number)
        await _stop(app)
        for handler in handlers:
            handler.removeFilter(quiet)
    return link.fatal


async def _stop(app: Application) -> None:
    """The order PTB's run_polling stops in: polling, handlers, our loops, connections, store."""
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    if app.post_stop is not None:  # ours: ends our loops even if the start went no further
        await app.post_stop(app)
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
