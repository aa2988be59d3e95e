"""What staff do, shared by the Telegram edge and the command line: start links, reports.

May import: `bot.core`, `bot.store`, `bot.clock`. Never Telegram.
"""
