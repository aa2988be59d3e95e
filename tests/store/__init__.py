"""Tests of bot.store, one module per part of the package."""
