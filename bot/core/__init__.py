"""The pure core: every decision the bot makes, as plain functions over plain data.

The knowledge base's model, normalising what clients type, triage, topic matching, small
talk, the wording of answers, reading typed dates, when check-ins are due, grouping
unanswered questions. No I/O, no clock, no Telegram, no database: the same input always
gives the same output, so all of it is tested without a network or a file.

May import: the standard library's pure modules, rapidfuzz, and `bot.core` itself
(`tests/test_layers.py` enforces it).
"""
