"""Fixtures for the fake Bot API server's tests: the server, real PTB Bots and Applications
against it over HTTP, and raw requests to it."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest
from telegram import Bot
from telegram.ext import Application, ApplicationBuilder, BaseHandler

from tests.fake_telegram import FakeTelegram

CHAT = 4242

StartApp = Callable[..., Awaitable[Application]]


@pytest.fixture
def server() -> Iterator[FakeTelegram]:
    with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def start_app(server: FakeTelegram) -> AsyncIterator[StartApp]:
    """Builds, starts and polls real PTB Applications against the fake; shuts them down after."""
    apps: list[Application] = []

    async def start(*handlers: BaseHandler) -> Application:
        app = (
            ApplicationBuilder()
            .token(server.token)
            .base_url(server.base_url)
            .base_file_url(server.base_file_url)
            .build()
        )
        for handler in handlers:
            app.add_handler(handler)
        await app.initialize()
        await app.start()
        await app.updater.start_polling(poll_interval=0)
        apps.append(app)
        return app

    yield start
    for app in reversed(apps):
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()


@pytest.fixture
async def bot(server: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(
        server.token, base_url=server.base_url, base_file_url=server.base_file_url
    ) as real_bot:
        yield real_bot


def api(server: FakeTelegram, method: str, token: str | None = None, **params: Any) -> tuple:
    """Raw form-encoded POST; returns (HTTP status, decoded JSON)."""
    url = f"{server.base_url}{token or server.token}/{method}"
    body = urllib.parse.urlencode(
        {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    ).encode()
    try:
        with urllib.request.urlopen(url, data=body, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())
