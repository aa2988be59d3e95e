"""Background work of the running bot: due check-ins, broadcasts, the outbox, live reload.

Each job is a class with one pass (`run_once`-style) that a loop calls, so tests drive a pass
with a fake clock instead of waiting. Every message goes through the `Outbox` (`outbox.py`,
the pace itself in `pacing.py`); only the process holding the send lease (`lease.py`) sends.

May import: `bot.core`, `bot.kb`, `bot.store`, `bot.clock`, python-telegram-bot, and
Telegram's sending primitives (`bot.telegram.text`); never the handlers.
"""
