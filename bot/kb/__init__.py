"""Reading and checking the knowledge folder (`knowledge/`, written by staff) into the core's model.

May import: `bot.core`, PyYAML and the file system. Never Telegram or the store.
"""
