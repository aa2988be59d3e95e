"""`python -m bot run`: check the set-up, then poll Telegram until SIGINT or SIGTERM.

Everything that can be wrong before Telegram is asked is checked first, each with one line
and exit code 2: the state folder (the bot's lock in it), the knowledge, the database.
Then the bot waits for Telegram as long as it takes (`AFTERCARE_RETRY_MAX_SECONDS` between
tries at most); a refused token or a second copy of the bot ends it with one line, code 2.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from functools import partial

from bot.cli.environment import knowledge_line
from bot.cli.failure import fail
from bot.cli.ranker import load_semantic_ranker
from bot.clock import SystemClock
from bot.core.backoff import Backoff
from bot.jobs.reloader import SAVED_COPY, KnowledgeHolder
from bot.kb import KnowledgeError
from bot.logs import setup_logging
from bot.settings import ConfigError, Settings
from bot.store import LockHeld, RunLock, Store, StoreError
from bot.telegram.app import ALLOWED_UPDATES, POLL_INTERVAL, build_application
from bot.telegram.connection import TelegramLink
from bot.telegram.lifecycle import serve

log = logging.getLogger(__name__)


def run(settings: Settings) -> int:
    """Run the bot; 0 after a clean stop, 2 if it cannot start (one line on stderr)."""
    setup_logging(settings.log_level, settings.token, fmt=settings.log_format)
    _fail = partial(fail, sys.stderr, token=settings.token)  # a library's words may quote it
    try:
        lock = RunLock.acquire(settings.db_path)
    except LockHeld as error:
        who = f" (pid {error.pid})" if error.pid else ""
        return _fail(
            f"another copy of the bot is running on {settings.state_dir}/{who}: stop it, "
            "or give this one its own AFTERCARE_DB"
        )
    except StoreError as error:
        return _fail(str(error))
    with lock:
        ranker = None
        if settings.ranker:
            try:  # its phrasing cache lives in the state folder, beside the database
                ranker = load_semantic_ranker(settings.state_dir)
            except ConfigError as error:
                return _fail(str(error))
        try:
            # Words alone until the ranker has embedded the phrasings, seconds after start.
            saved = settings.state_dir / SAVED_COPY
            knowledge = KnowledgeHolder.open(settings.knowledge_dir, saved)
        except KnowledgeError as error:
            return _fail(knowledge_line(error, settings.knowledge_dir))
        if knowledge.problems:
            log.warning(
                "The knowledge folder has %d problem(s), first %s: answering from the copy "
                "kept when it last loaded (%s); the staff chat is told",
                len(knowledge.problems),
                knowledge.problems[0],
                knowledge.saved_copy,
            )
        clock = SystemClock()
        try:  # the schema brought up to date (a copy kept first) before Telegram is asked
            asyncio.run(_open_and_close(settings, clock))
        except StoreError as error:
            return _fail(str(error))
        # Opt in to PTB 22's timedelta durations (RetryAfter.retry_after), without warnings.
        os.environ.setdefault("PTB_TIMEDELTA", "1")
        link = TelegramLink(clock)
        app = build_application(
            settings, knowledge.assistant, clock, link=link, knowledge=knowledge, ranker=ranker
        )
        backoff = Backoff(
            first=min(1.0, settings.retry_max_seconds), maximum=settings.retry_max_seconds
        )
        try:
            fatal = asyncio.run(
                serve(
                    app,
                    link,
                    backoff,
                    poll_interval=POLL_INTERVAL,
                    allowed_updates=ALLOWED_UPDATES,
                )
            )
        except StoreError as error:
            return _fail(str(error))
    if fatal:
        return _fail(fatal)
    log.info("Stopped")
    return 0


async def _open_and_close(settings: Settings, clock: SystemClock) -> None:
    async with Store.open_context(settings.db_path, clock):
        pass
