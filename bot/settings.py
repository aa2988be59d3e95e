"""Settings from environment variables, checked once at start with errors that name the variable."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

_TOKEN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
# How long the bot trusts Telegram's answer to "is this user a member of the staff chat?".
STAFF_MEMBERSHIP_MINUTES = 5
# The largest number of seconds, hours or minutes a setting may give: decades, yet well
# within what a timedelta holds.
LARGEST = 1e9


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it and says how to fix it."""


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its environment."""

    token: str = ""
    api_url: str | None = None
    knowledge_dir: Path = Path("knowledge")
    db_path: Path = Path("state/aftercare.db")
    staff_chat_id: int | None = None
    staff_user_ids: frozenset[int] = field(default_factory=frozenset)
    log_level: str = "INFO"
    reload_seconds: float = 3.0
    dispatch_seconds: float = 5.0
    ranker: bool = True
    log_format: str = "text"  # or "json": one JSON object per line
    retry_max_seconds: float = 60.0  # the longest wait between two tries to reach Telegram
    heartbeat_seconds: float = 10.0  # how often the running bot writes its heartbeat
    health_poll_seconds: float = 120.0  # `health` fails when the last poll is older
    backup_hours: float = 24.0  # a backup of the database this often
    backup_daily: int = 7  # keep the newest backup of each of this many days
    backup_weekly: int = 4  # ... and of each of this many weeks
    alert_minutes: float = 5.0  # failures lasting this long are told to the staff chat

    @classmethod
    def from_environ(cls, environ: Mapping[str, str], *, require_token: bool = True) -> Settings:
        """Reads and checks every setting; raises ConfigError for the first bad one."""
        token = environ.get("TELEGRAM_BOT_TOKEN", "").strip()
        if require_token and not token:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in it, "
                "e.g. TELEGRAM_BOT_TOKEN=123456789:AA..."
            )
        if token and not _TOKEN.match(token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is malformed: it should look like 123456789:AA... "
                "(digits, a colon, then letters, digits, _ or -)"
            )
        api_url = environ.get("TELEGRAM_API_URL", "").strip() or None
        if api_url and not api_url.startswith(("http://", "https://")):
            raise ConfigError("TELEGRAM_API_URL should start with http:// or https://")
        level = environ.get("AFTERCARE_LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ConfigError("AFTERCARE_LOG_LEVEL should be DEBUG, INFO, WARNING or ERROR")
        log_format = environ.get("AFTERCARE_LOG_FORMAT", "").strip().lower() or "text"
        if log_format not in {"text", "json"}:
            raise ConfigError(f"AFTERCARE_LOG_FORMAT should be text or json, not {log_format!r}")
        return cls(
            token=token,
            api_url=api_url,
            knowledge_dir=knowledge_dir(environ),
            db_path=db_path(environ),
            staff_chat_id=_optional_int(environ, "AFTERCARE_STAFF_CHAT_ID"),
            staff_user_ids=frozenset(_int_list(environ, "AFTERCARE_STAFF_IDS")),
            log_level=level,
            reload_seconds=_positive_float(environ, "AFTERCARE_RELOAD_SECONDS", 3.0),
            dispatch_seconds=_positive_float(environ, "AFTERCARE_DISPATCH_SECONDS", 5.0),
            ranker=ranker_enabled(environ),
            log_format=log_format,
            retry_max_seconds=_positive_float(environ, "AFTERCARE_RETRY_MAX_SECONDS", 60.0),
            heartbeat_seconds=_positive_float(environ, "AFTERCARE_HEARTBEAT_SECONDS", 10.0),
            health_poll_seconds=_positive_float(environ, "AFTERCARE_HEALTH_POLL_SECONDS", 120.0),
            backup_hours=_positive_float(environ, "AFTERCARE_BACKUP_HOURS", 24.0, "hours"),
            backup_daily=_count(environ, "AFTERCARE_BACKUP_DAILY", 7, least=1),
            backup_weekly=_count(environ, "AFTERCARE_BACKUP_WEEKLY", 4, least=0),
            alert_minutes=_positive_float(environ, "AFTERCARE_ALERT_MINUTES", 5.0, "minutes"),
        )

    @property
    def state_dir(self) -> Path:
        """The folder of the database: everything the bot writes goes in it."""
        return self.db_path.parent

    @property
    def knowledge_history_dir(self) -> Path:
        """Where previous versions of knowledge files changed from Telegram are kept."""
        return self.db_path.parent / "knowledge-history"

    @property
    def masked_token(self) -> str:
        """The token safe to print: the bot id only."""
        if not self.token:
            return "(not set)"
        return self.token.split(":", 1)[0] + ":" + "*" * 8

    def describe(self) -> dict[str, str]:
        """The effective settings for `config`, with the token masked."""
        return {
            "TELEGRAM_BOT_TOKEN": self.masked_token,
            "TELEGRAM_API_URL": self.api_url or "(Telegram's servers)",
            "AFTERCARE_KNOWLEDGE_DIR": str(self.knowledge_dir),
            "AFTERCARE_DB": str(self.db_path),
            "AFTERCARE_STAFF_CHAT_ID": str(self.staff_chat_id or "(not set: no staff alerts)"),
            "AFTERCARE_STAFF_IDS": ",".join(map(str, sorted(self.staff_user_ids))) or "(none)",
            "AFTERCARE_LOG_LEVEL": self.log_level,
            "AFTERCARE_RELOAD_SECONDS": str(self.reload_seconds),
            "AFTERCARE_DISPATCH_SECONDS": str(self.dispatch_seconds),
            "AFTERCARE_RANKER": "on" if self.ranker else "off",
            "AFTERCARE_LOG_FORMAT": self.log_format,
            "AFTERCARE_RETRY_MAX_SECONDS": str(self.retry_max_seconds),
            "AFTERCARE_HEARTBEAT_SECONDS": str(self.heartbeat_seconds),
            "AFTERCARE_HEALTH_POLL_SECONDS": str(self.health_poll_seconds),
            "AFTERCARE_BACKUP_HOURS": str(self.backup_hours),
            "AFTERCARE_BACKUP_DAILY": str(self.backup_daily),
            "AFTERCARE_BACKUP_WEEKLY": str(self.backup_weekly),
            "AFTERCARE_ALERT_MINUTES": str(self.alert_minutes),
        }

    def describe_staff(self) -> str:
        """How staff are recognised, in one sentence (for `config` and the start-up log)."""
        ids = ", ".join(map(str, sorted(self.staff_user_ids)))
        if self.staff_chat_id is None:
            if ids:
                return (
                    f"staff are only the user ids {ids} (AFTERCARE_STAFF_IDS); without "
                    "AFTERCARE_STAFF_CHAT_ID there are no alerts, digests or replies to clients"
                )
            return (
                "nobody is staff: set AFTERCARE_STAFF_CHAT_ID to the staff group (its members "
                "are staff); until then there are no alerts, staff commands or replies to clients"
            )
        extra = f", plus the user ids {ids} (AFTERCARE_STAFF_IDS)" if ids else ""
        return (
            f"staff are the members of the staff chat {self.staff_chat_id} (asked of Telegram, "
            f"remembered {STAFF_MEMBERSHIP_MINUTES} minutes){extra}"
        )


def knowledge_dir(environ: Mapping[str, str]) -> Path:
    """The knowledge folder staff edit."""
    return Path(environ.get("AFTERCARE_KNOWLEDGE_DIR", "").strip() or "knowledge")


def db_path(environ: Mapping[str, str]) -> Path:
    """The SQLite file; its folder is the bot's state folder."""
    return Path(environ.get("AFTERCARE_DB", "").strip() or "state/aftercare.db")


def ranker_enabled(environ: Mapping[str, str]) -> bool:
    """Whether topics are ranked with the semantic model too (AFTERCARE_RANKER, default on)."""
    raw = environ.get("AFTERCARE_RANKER", "").strip().lower() or "on"
    if raw not in {"on", "off"}:
        raise ConfigError(f"AFTERCARE_RANKER should be on or off, not {raw!r}")
    return raw == "on"


def _optional_int(environ: Mapping[str, str], name: str) -> int | None:
    raw = environ.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} should be a number (a Telegram chat id), not {raw!r}") from None


def _int_list(environ: Mapping[str, str], name: str) -> list[int]:
    raw = environ.get(name, "").strip()
    try:
        return [int(part) for part in raw.replace(" ", "").split(",") if part]
    except ValueError:
        raise ConfigError(f"{name} should be Telegram user ids separated by commas") from None


def _positive_float(
    environ: Mapping[str, str], name: str, default: float, unit: str = "seconds"
) -> float:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    # float() also reads "nan", "inf" and "1e300", which no timedelta or sleep can take.
    if not math.isfinite(value) or not 0 < value <= LARGEST:
        raise ConfigError(f"{name} should be a positive number of {unit}, not {raw!r}")
    return value


def _count(environ: Mapping[str, str], name: str, default: int, *, least: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    # str.isdigit is also true of "²", which int() refuses: only 0-9 count.
    if not (raw.isascii() and raw.isdigit()) or int(raw) < least:
        raise ConfigError(f"{name} should be a whole number of at least {least}, not {raw!r}")
    return int(raw)
