"""Everything the bot must remember across a restart, in SQLite: the only package with SQL.

May import: `bot.clock` and aiosqlite. Never the core, Telegram or the jobs.
"""

from bot.store.store import *  # noqa: F403
