"""The command line (`python -m bot ...`): offline chat, `ask`, `kb`, staff commands, `run`.

The composition root: it reads the settings and builds the store, the knowledge base and the
application, then hands them in. May import everything in `bot`.
"""
