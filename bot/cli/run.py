"""`python -m bot run`: load everything, then poll Telegram until SIGINT or SIGTERM."""

from __future__ import annotations

import logging
import os
import sys

from telegram.error import InvalidToken

from bot.cli.ranker import load_semantic_ranker
from bot.clock import SystemClock
from bot.core.assistant import Assistant
from bot.kb import KnowledgeError, load_knowledge
from bot.logs import setup_logging
from bot.settings import ConfigError, Settings
from bot.store import StoreError
from bot.telegram.app import ALLOWED_UPDATES, POLL_INTERVAL, build_application

log = logging.getLogger(__name__)


def run(settings: Settings) -> int:
    """Run the bot; 0 after a clean stop, 2 if it cannot start (the reason on stderr)."""
    setup_logging(settings.log_level, settings.token)
    try:
        kb = load_knowledge(settings.knowledge_dir)
    except KnowledgeError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    ranker = None
    if settings.ranker:
        # The store makes the same folder; the ranker keeps its phrasing cache there.
        state = settings.db_path.parent
        try:
            state.mkdir(mode=0o700, parents=True, exist_ok=True)
            ranker = load_semantic_ranker(state)
        except (OSError, ConfigError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    # Opt in to PTB 22's timedelta durations (RetryAfter.retry_after), without warnings.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    app = build_application(settings, Assistant(kb, ranker=ranker), SystemClock())
    try:
        app.run_polling(allowed_updates=list(ALLOWED_UPDATES), poll_interval=POLL_INTERVAL)
    except InvalidToken:
        print(
            "error: Telegram refused TELEGRAM_BOT_TOKEN; check it with @BotFather", file=sys.stderr
        )
        return 2
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    log.info("Stopped")
    return 0
