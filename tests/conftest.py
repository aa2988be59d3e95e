"""Fixtures for end-to-end tests: the real Application polling a local fake Bot API server.

`bot` is a running bot built by `build_application`, talking HTTP to `FakeTelegram` on
127.0.0.1, with its database in tmp_path, time from a FakeClock and the shipped knowledge.
Its pace (the outbox's monotonic time) is a FakeTicker the fake server reads too, moved on
by a PaceDriver whenever the outbox only waits: one-a-second gaps take no real time.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import shutil
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.clock import Clock
from bot.core.assistant import Assistant
from bot.jobs.outbox import Outbox
from bot.kb.loader import load_knowledge
from bot.logs import QUIET_LOGGERS
from bot.semantic.ranker import MiniLMRanker, load_ranker
from bot.settings import Settings
from bot.store import Store
from bot.telegram.app import ALLOWED_UPDATES, build_application
from bot.telegram.context import Services
from tests.clocks import FakeClock, FakeTicker
from tests.fake_telegram import FakeTelegram, SentMessage
from tests.pace import PaceDriver

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
START = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # a Friday, 10:00 in London
STAFF_CHAT = -1001234567890
STAFF_USER = 900  # in AFTERCARE_STAFF_IDS of the `desk` bot
MARKUP_EDIT = "editMessageReplyMarkup"  # buttons changed to show the choice made


@pytest.fixture(autouse=True)
def _timedelta_durations(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22's RetryAfter warns about int durations unless this opt-in is set."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture(autouse=True)
def _lexical_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands started by tests match lexically, unless a test turns the ranker on: the
    semantic ranker's own tests share one loaded model (`semantic_ranker`)."""
    monkeypatch.setenv("AFTERCARE_RANKER", "off")


@pytest.fixture(autouse=True)
def _logging_restored() -> Iterator[None]:
    """Commands run in-process set up logging as their own process would (`setup_logging`):
    the root logger and the quietened ones are put back after each test."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    quiet = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, was in quiet.items():
        logging.getLogger(name).setLevel(was)


@pytest.fixture(scope="session")
def semantic_ranker() -> MiniLMRanker:
    """The bundled model, loaded once for the run; its phrasing cache only in memory."""
    return load_ranker()


@pytest.fixture(scope="session")
def shipped_assistant() -> Assistant:
    return Assistant(load_knowledge(KNOWLEDGE))


@pytest.fixture
def assistant(shipped_assistant: Assistant) -> Assistant:
    """The shipped knowledge base; override to answer from another one."""
    return shipped_assistant


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def store(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Store]:
    """A real SQLite database in a temporary folder, on the fake clock."""
    async with Store.open_context(tmp_path / "state" / "aftercare.db", clock) as opened:
        yield opened


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


@pytest.fixture
def settings(tmp_path: Path, telegram: FakeTelegram) -> Settings:
    return Settings(
        token=telegram.token,
        api_url=telegram.api_url,
        knowledge_dir=KNOWLEDGE,
        db_path=tmp_path / "state" / "aftercare.db",
        staff_chat_id=STAFF_CHAT,
        dispatch_seconds=3600,  # tests run check-in passes themselves, after moving the clock
    )


@dataclass
class RunningBot:
    """A started Application and the fake server it polls, with conversation helpers."""

    app: Application
    telegram: FakeTelegram
    clock: Clock
    pace: PaceDriver | None  # None: the pace runs on real time

    @property
    def services(self) -> Services:
        services = self.app.bot_data.services
        assert services is not None
        return services

    def replies_to(self, chat_id: int) -> list[SentMessage]:
        """Messages sent or edited in `chat_id`, without the buttons that changed to show a
        choice (editMessageReplyMarkup): what a test waits for as the bot's answer."""
        return [m for m in self.telegram.messages_to(chat_id) if m.method != MARKUP_EDIT]

    async def after(
        self, chat_id: int, action: Callable[[], object], count: int = 1
    ) -> list[SentMessage]:
        """Do `action` (queue an update), then wait for `count` new messages to `chat_id`
        (edits of a message's buttons alone are not counted)."""
        before = len(self.replies_to(chat_id))
        action()
        await self.telegram.await_for(lambda _: len(self.replies_to(chat_id)) >= before + count)
        return self.replies_to(chat_id)[before:]

    async def say(
        self, chat_id: int, text: str, count: int = 1, **kwargs: object
    ) -> list[SentMessage]:
        """The client in `chat_id` types `text`; returns the next `count` replies."""
        return await self.after(
            chat_id, lambda: self.telegram.send_text(chat_id, text, **kwargs), count
        )

    async def tap(
        self, chat_id: int, message: SentMessage, button_text: str, count: int = 1
    ) -> list[SentMessage]:
        """The client taps the button labelled `button_text` under `message`."""
        data = next(b["callback_data"] for b in message.buttons if b["text"] == button_text)
        return await self.after(
            chat_id, lambda: self.telegram.tap(chat_id, message.message_id, data), count
        )

    async def settled(self) -> None:
        """Wait until every queued update has been fetched and fully handled.

        Yields to the event loop (no sleeping) until the queue and the handlers are idle.
        """
        telegram = self.telegram
        await asyncio.to_thread(telegram.wait_for, lambda _: telegram.pending_updates() == 0)
        processor = self.app.update_processor
        quiet = 0
        while quiet < 3:
            await asyncio.sleep(0)
            in_hand = getattr(processor, "in_hand", 0)  # waiting for their chat's turn too
            busy = not self.app.update_queue.empty() or processor.current_concurrent_updates
            busy = busy or in_hand
            quiet = 0 if busy else quiet + 1

    async def answered_query(self, query_id: str) -> dict:
        """The answerCallbackQuery call for `query_id`, once the bot has made it."""

        def made() -> dict | None:
            for call in self.telegram.calls_of("answerCallbackQuery"):
                if call.params.get("callback_query_id") == query_id:
                    return call.params
            return None

        await asyncio.to_thread(self.telegram.wait_for, lambda _: made() is not None)
        params = made()
        assert params is not None
        return params


@contextlib.asynccontextmanager
async def running_bot(
    settings: Settings,
    assistant: Assistant,
    clock: Clock,
    telegram: FakeTelegram,
    ticker: FakeTicker | None = None,
    *,
    fake_pace: bool = True,
) -> AsyncIterator[RunningBot]:
    """Start the bot as run_polling would (post_init included); stop it the same way.

    The pace runs on `ticker` (a new FakeTicker if None), or with `fake_pace=False` on real
    time (beside another process that sends on real time).
    """
    ticker = (ticker or FakeTicker()) if fake_pace else None
    if ticker is not None:
        telegram.use_clock(ticker.time)
    # Should a test ever hang, say where every task waits before pytest-timeout ends it.
    loop = asyncio.get_running_loop()
    stuck = loop.call_later(STUCK_AFTER, _print_tasks, loop)
    outbox = Outbox(ticker=ticker)
    app = build_application(settings, assistant, clock, outbox=outbox)
    pace = PaceDriver(ticker, outbox) if ticker is not None else None
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(allowed_updates=list(ALLOWED_UPDATES))
    await app.start()
    if pace is not None:
        pace.start()
    try:
        yield RunningBot(app, telegram, clock, pace)
    finally:
        await app.updater.stop()
        await app.stop()  # lets the handlers finish: the pace must still move
        assert app.post_stop is not None
        await app.post_stop(app)
        assert app.post_shutdown is not None
        await app.post_shutdown(app)
        await app.shutdown()
        if pace is not None:
            await pace.stop()
        stuck.cancel()


STUCK_AFTER = 45.0  # real seconds; pytest-timeout ends a test at 60


def _print_tasks(loop: asyncio.AbstractEventLoop) -> None:
    """Every task's stack: pytest-timeout shows what a test wrote before it ended it."""
    print(f"A running bot is still busy after {STUCK_AFTER:.0f} s; its tasks:", file=sys.stderr)
    for task in asyncio.all_tasks(loop):
        task.print_stack(file=sys.stderr)


@pytest.fixture
async def bot(
    settings: Settings, assistant: Assistant, clock: FakeClock, telegram: FakeTelegram
) -> AsyncIterator[RunningBot]:
    """The bot polling the fake server, with a fresh database."""
    async with running_bot(settings, assistant, clock, telegram) as running:
        yield running


@pytest.fixture
async def desk(
    settings: Settings, assistant: Assistant, clock: FakeClock, telegram: FakeTelegram
) -> AsyncIterator[RunningBot]:
    """The bot with one staff member (STAFF_USER) listed in AFTERCARE_STAFF_IDS."""
    settings = dataclasses.replace(settings, staff_user_ids=frozenset({STAFF_USER}))
    async with running_bot(settings, assistant, clock, telegram) as running:
        yield running


def copy_knowledge(target: Path) -> Path:
    """A writable copy of the shipped knowledge folder."""
    shutil.copytree(KNOWLEDGE, target)
    return target


def quiet_free_knowledge(tmp_path: Path) -> Path:
    """The shipped knowledge without quiet hours: for runs on the real clock at any hour."""
    folder = copy_knowledge(tmp_path / "knowledge")
    clinic = folder / "clinic.yaml"
    text = clinic.read_text(encoding="utf-8")
    start = text.index("quiet_hours:")
    end = text.index("\n", start)
    clinic.write_text(
        text[:start] + 'quiet_hours: {start: "00:00", end: "00:00"}' + text[end:], encoding="utf-8"
    )
    return folder
