"""Background work of the running bot: due check-ins, broadcasts, pacing, live knowledge reload.

Each job is a class with one pass (`run_once`-style) that a loop calls, so tests drive a pass
with a fake clock instead of waiting.

May import: `bot.core`, `bot.kb`, `bot.store`, `bot.clock`, and Telegram's sending primitives
(`bot.telegram.text`); never the handlers.
"""
