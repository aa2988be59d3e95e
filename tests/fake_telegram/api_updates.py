"""Bot API methods for receiving updates: getUpdates (long polling) and the webhook switches."""

from __future__ import annotations

import copy
import time
from typing import Any

from tests.fake_telegram.state import Method, State
from tests.fake_telegram.wire import ApiError


class UpdatesApi(State):
    """getUpdates with offset, limit, allowed_updates and long polling; webhook set/delete/info."""

    def _update_methods(self) -> dict[str, Method]:
        return {
            "getWebhookInfo": self._get_webhook_info,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getUpdates": self._get_updates,
        }

    def _get_webhook_info(self, _params: dict[str, Any]) -> dict:
        return {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        self._webhook_url = str(params.get("url") or "")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self._webhook_url = ""
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_updates(self, params: dict[str, Any]) -> list[dict]:
        if self._webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        if "allowed_updates" in params:
            self._allowed_updates = frozenset(params["allowed_updates"] or ()) or None
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        # A newer getUpdates terminates an older one that is still waiting, as on Telegram.
        self._poll_generation += 1
        generation = self._poll_generation
        self._cond.notify_all()

        deadline = time.monotonic() + timeout
        self._waiting_polls += 1
        self._cond.notify_all()
        try:
            while True:
                self._drop_unwanted_updates()
                if self._updates or self._stopping or generation != self._poll_generation:
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
        finally:
            self._waiting_polls -= 1
        if generation != self._poll_generation:
            raise ApiError(
                409,
                "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
            )
        return copy.deepcopy(self._updates[:limit])

    def _drop_unwanted_updates(self) -> None:
        if self._allowed_updates is not None:
            self._updates = [u for u in self._updates if self._allowed_updates & u.keys()]
