"""What every handler is given: the services, through a typed PTB callback context."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from telegram.ext import CallbackContext, ExtBot

from bot.clock import Clock
from bot.core.assistant import Assistant
from bot.core.knowledge import Clinic
from bot.core.messages import Messages
from bot.jobs.backups import BackupJob
from bot.jobs.broadcasts import BroadcastSender
from bot.jobs.dispatcher import CheckinDispatcher
from bot.jobs.heartbeat import HeartbeatWriter
from bot.jobs.lease import SendLease
from bot.jobs.outbox import Outbox
from bot.jobs.reloader import KnowledgeHolder
from bot.kb.changes import History
from bot.settings import Settings
from bot.store import Store
from bot.telegram.connection import TelegramLink
from bot.telegram.membership import StaffDirectory
from bot.telegram.menus import Menus
from bot.telegram.posting import StaffPosts


@dataclass(frozen=True)
class Services:
    """Everything a handler may use, built once when the bot starts."""

    settings: Settings
    knowledge: KnowledgeHolder
    store: Store
    clock: Clock
    outbox: Outbox | None = None  # the one pace every message of the bot waits for
    dispatcher: CheckinDispatcher | None = None  # sends due check-ins (a loop runs it)
    broadcaster: BroadcastSender | None = None  # sends confirmed broadcasts
    lease: SendLease | None = None  # whether this process is the one that sends
    link: TelegramLink | None = None  # how requests to Telegram go (the last poll, failures)
    heartbeat: HeartbeatWriter | None = None  # writes the heartbeat `health` reads
    backups: BackupJob | None = None  # the scheduled backups
    staff_posts: StaffPosts = field(default_factory=StaffPosts)  # staff-chat posts in flight
    members: StaffDirectory = field(init=False)  # who is staff
    menus: Menus = field(init=False)  # the command menus and descriptions Telegram shows

    def __post_init__(self) -> None:
        settings = self.settings
        object.__setattr__(self, "members", StaffDirectory(settings, self.clock))
        object.__setattr__(self, "menus", Menus(settings.staff_chat_id, settings.staff_user_ids))

    @property
    def history(self) -> History:
        """Previous versions of knowledge files changed from Telegram (in state/)."""
        return History(self.settings.knowledge_history_dir)

    @property
    def assistant(self) -> Assistant:
        """The answering core over the current knowledge base (it changes on reload)."""
        return self.knowledge.assistant

    @property
    def clinic(self) -> Clinic:
        return self.assistant.kb.clinic

    @property
    def messages(self) -> Messages:
        """The bot's own words (knowledge/messages.yaml), reloaded with the knowledge."""
        return self.assistant.kb.messages

    @property
    def tz(self) -> ZoneInfo:
        """The clinic's time zone, in which clients name their treatment days."""
        return ZoneInfo(self.clinic.timezone)


class BotData:
    """The application's `bot_data`: the services, once `post_init` has opened them."""

    __slots__ = ("services", "tasks")

    def __init__(self) -> None:
        self.services: Services | None = None
        self.tasks: list[asyncio.Task[None]] = []  # background loops, cancelled at stop


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """PTB's callback context with typed access to the services."""

    @property
    def services(self) -> Services:
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("the services are opened in post_init; the bot is not started")
        return services
