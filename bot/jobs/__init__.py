"""Background work of the running bot: due check-ins, broadcasts, the outbox, live reload.

Each job has one step (a check-in pass, a heartbeat, a backup check, a look at the staff
alerts) that tests call directly with a fake clock instead of waiting; the running bot calls
it every few seconds through `loops.forever`. Every message goes through the `Outbox`
(`outbox.py`, the pace itself in `pacing.py`); only the process holding the send lease
(`lease.py`) sends; a message Telegram does not answer waits (`outage.py`).

May import: `bot.core`, `bot.kb`, `bot.store`, `bot.clock`, python-telegram-bot, and
Telegram's sending primitives (`bot.telegram.text`); never the handlers.
"""
