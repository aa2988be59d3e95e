"""Who counts as clinic staff: the members of the staff chat, and the ids in AFTERCARE_STAFF_IDS.

Membership is asked of Telegram (`getChatMember`) and remembered for a few minutes, so a
staff member's commands do not each cost a request, and someone removed from the staff
chat loses access within that time. Telegram errors count as "not staff": staff-only
things are never given away because Telegram could not be asked.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from telegram import Bot, ChatMember, ChatMemberRestricted
from telegram.error import TelegramError

from bot.clock import Clock
from bot.settings import STAFF_MEMBERSHIP_MINUTES, Settings

log = logging.getLogger(__name__)

REMEMBERED_FOR = timedelta(minutes=STAFF_MEMBERSHIP_MINUTES)
MEMBER_STATUSES = frozenset({ChatMember.OWNER, ChatMember.ADMINISTRATOR, ChatMember.MEMBER})


def counts_as_member(member: ChatMember) -> bool:
    """Owner, administrator, member, or restricted but still in the chat; not left or banned."""
    if isinstance(member, ChatMemberRestricted):
        return member.is_member
    return member.status in MEMBER_STATUSES


class StaffDirectory:
    """Answers "is this Telegram user staff?", asking Telegram at most every few minutes."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self._settings = settings
        self._clock = clock
        self._known: dict[int, tuple[bool, datetime]] = {}

    async def is_staff(self, bot: Bot, user_id: int | None, sender_chat: int | None = None) -> bool:
        """Whether the user (or, for an anonymous group admin, the chat they speak as) is staff."""
        staff_chat = self._settings.staff_chat_id
        if staff_chat is not None and sender_chat == staff_chat:
            return True  # an anonymous administrator of the staff chat
        if user_id is None:
            return False
        if user_id in self._settings.staff_user_ids:
            return True
        if staff_chat is None:
            return False
        now = self._clock.now()
        known = self._known.get(user_id)
        if known is not None and now - known[1] < REMEMBERED_FOR:
            return known[0]
        try:
            member = await bot.get_chat_member(staff_chat, user_id)
        except TelegramError as error:
            log.warning("Could not ask Telegram whether user %s is staff: %s", user_id, error)
            return False
        found = counts_as_member(member)
        self._known[user_id] = (found, now)
        return found
