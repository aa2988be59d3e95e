"""The knowledge base as plain, frozen data: what staff wrote in `knowledge/`, validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta

from bot.core.messages import Messages

# Warning-sign levels, most urgent first.
LEVELS = ("emergency", "same-day", "contact")


@dataclass(frozen=True)
class Source:
    """A document answers are taken from."""

    id: str
    title: str
    document: str
    short: str = ""  # the name a client reads on an answer's source line

    @property
    def name(self) -> str:
        return self.short or self.title


@dataclass(frozen=True)
class Topic:
    """One answerable subject: the ways clients ask about it and the clinic's answer."""

    id: str
    title: str
    questions: tuple[str, ...]
    answer: str
    sources: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    file: str = ""
    line: int = 0
    parent: str = ""  # the broader topic this one refines ("pregnancy" -> "who-should-avoid")


@dataclass(frozen=True)
class WarningSign:
    """A sign that sends the client to the clinic instead of an answer."""

    id: str
    title: str
    level: str
    phrases: tuple[str, ...]
    advice: str
    sources: tuple[str, ...]
    after_days: int | None = None
    unless: tuple[str, ...] = ()  # words that cancel a phrase right next to it ("my acne")
    any_treatment: bool = False  # a red flag after any procedure, not only microneedling
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Concern:
    """Words in which clients describe their skin going wrong that no warning sign names.

    A concern is not an escalation: the bot asks one question first. `after_days`: counts
    only from that many days after the session ("still numb" on day 3); `normal_for_days`:
    ignored while the session is known to be fewer days ago ("burning like mad" on day 0);
    `when_asked` False: ignored in a question ("did something go wrong?"), where the
    symptoms the client gives decide. `any_treatment`: counts after any procedure, not
    only microneedling ("my lip went white after filler").
    """

    id: str
    title: str
    phrases: tuple[str, ...]
    unless: tuple[str, ...] = ()
    after_days: int | None = None
    normal_for_days: int | None = None
    when_asked: bool = True
    any_treatment: bool = False
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Concerns:
    """The concern tier: what it notices, and what a client's "yes" escalates to."""

    concerns: tuple[Concern, ...] = ()
    escalate_to: str = ""  # the warning sign for "yes" or "not sure" to the question
    # Words that make a general question one about what can go wrong ("are there risks?"):
    # answered from the warning-signs topic.
    risk_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class SmallTalk:
    """Greetings, thanks and the like: a short friendly reply."""

    id: str
    phrases: tuple[str, ...]
    reply: str


@dataclass(frozen=True)
class NotCovered:
    """A question the knowledge base does not answer: messages like it fall back honestly."""

    text: str
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class QuietHours:
    """Local hours in which the bot sends nothing unprompted; may wrap past midnight."""

    start: time
    end: time

    def contains(self, moment: time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


# What a clinic gets when clinic.yaml leaves these out.
DEFAULT_QUIET_HOURS = QuietHours(time(21), time(9))
DEFAULT_LANGUAGE = "en"  # also the language of messages.yaml
DEFAULT_TIMEZONE = "UTC"
DEFAULT_CONVERSATION_END = timedelta(hours=12)


@dataclass(frozen=True)
class Digest:
    """When unanswered questions go to the staff chat: at these local times, or at a count."""

    times: tuple[time, ...] = (time(17),)
    count: int = 10


@dataclass(frozen=True)
class Clinic:
    """The clinic's contact details, shown whenever a client is sent to the clinic."""

    name: str
    phone: str
    hours: str
    emergency_number: str
    timezone: str = DEFAULT_TIMEZONE
    quiet_hours: QuietHours = DEFAULT_QUIET_HOURS
    address: str = ""
    website: str = ""
    booking: str = ""
    forward_photos: bool = False  # clients' photos go to the staff chat, with their consent
    language: str = DEFAULT_LANGUAGE  # the language the bot speaks: which messages file
    description: str = ""  # what people read before pressing Start ("" leaves Telegram's)
    short_description: str = ""  # the bot's profile and shared links
    digest: Digest = field(default_factory=Digest)
    # A conversation with the clinic team ends after this long without a message either way.
    conversation_ends_after: timedelta = DEFAULT_CONVERSATION_END


@dataclass(frozen=True)
class CheckinResponse:
    """What tapping a check-in button does: a kind note, a topic's answer, or an escalation."""

    id: str
    label: str
    reply: str = ""
    answer: str = ""
    sign: str = ""
    escalate_after_days: int | None = None


@dataclass(frozen=True)
class Checkin:
    """A message sent by itself some time after each treatment session."""

    id: str
    after: timedelta
    message: str
    buttons: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    line: int = 0
    at: time | None = None  # the local time of day it goes, if the plan says one


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the answering core needs, loaded once and passed in."""

    clinic: Clinic
    sources: tuple[Source, ...]
    topics: tuple[Topic, ...]
    warning_signs: tuple[WarningSign, ...]
    smalltalk: tuple[SmallTalk, ...]
    replacements: tuple[tuple[str, str], ...] = ()
    checkins: tuple[Checkin, ...] = ()
    responses: tuple[CheckinResponse, ...] = ()
    # The bot's own words, in the clinic's language (knowledge/messages.yaml).
    messages: Messages = field(default_factory=Messages)
    # Questions the knowledge base does not answer: like these, a message falls back.
    not_covered: tuple[NotCovered, ...] = ()
    # The clinic's figures ("makeup_after_hours" -> "48"), already filled into texts.
    figures: tuple[tuple[str, str], ...] = ()
    concerns: Concerns = field(default_factory=Concerns)
    # Real English words: the spelling corrector leaves them as typed ("leaking" is not
    # "flaking"). Filled by bot.kb from a word list; empty means every word may be corrected.
    dictionary: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def warning_sign(self, sign_id: str) -> WarningSign | None:
        return next((s for s in self.warning_signs if s.id == sign_id), None)

    def checkin(self, checkin_id: str) -> Checkin | None:
        return next((c for c in self.checkins if c.id == checkin_id), None)

    def response(self, response_id: str) -> CheckinResponse | None:
        return next((r for r in self.responses if r.id == response_id), None)
