"""The Telegram edge: the application, its handlers, buttons and sending.

Handlers only translate: a Telegram update in, a call to the core or the store, a message
out. `app.build_application` is the table of contents of every handler.

May import: everything else in `bot`, and python-telegram-bot.
"""
