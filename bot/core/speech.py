"""Figures of speech that name a sign or a cause without reporting it.

"I look like I've had an allergic reaction" compares how the client looks; it is worth a
question, not an escalation (a reaction reported as such, "it looks like an allergic
reaction", still escalates). A sensation likened to something is still felt ("burning like
I've been splashed with acid" burns), but what it is likened to did not happen: "stinging
like I've been waxed" names no waxing. "Have I ruined it?" after scrubbing is a worry about the
results, not a description of the skin ("it ruined my skin" is).
"""

from __future__ import annotations

from collections.abc import Sequence

# How the client looks likened to someone who had the sign: "look(s) like I('ve) had",
# "looking as if I'd been". Only looks: "I feel like I have a fever" is the client's own
# sense of a symptom, and counts.
_LOOK = frozenset("look looks looking looked".split())
_AS = (("like",), ("as", "if"), ("as", "though"))
_SELF = frozenset("i ive id".split())  # the client
_HAD = frozenset("had been was got have".split())
# Words that may stand between the simile and the sign it names ("like I had a really bad
# allergic reaction"); any other word ends the simile ("like I've been burnt and there's pus").
_DESCRIBING = frozenset("a an the some really very bad serious severe massive huge proper".split())
_RUIN = frozenset("ruin ruined ruining wreck wrecked messed undone undid".split())
# Words between the client and the verb: "I might have ruined", "have I ruined", "did I ruin".
_AUXILIARY = frozenset(
    "have has had did might may could would just already totally completely accidentally "
    "probably".split()
)
# What is ruined when it is the results, not the skin.
_RESULTS = frozenset("it everything results result treatment session progress work them".split())
_FILLER = frozenset("the my all of up".split())


def _simile_end(words: Sequence[str], at: int) -> int | None:
    """Where a simile starting at `at` ("looks like I had") ends, if one does."""
    if words[at] not in _LOOK:
        return None
    for joiner in _AS:
        after = at + 1 + len(joiner)
        if tuple(words[at + 1 : after]) != joiner:
            continue
        if after < len(words) and words[after] in _SELF:
            end = after + 1
            while end < len(words) and words[end] in _HAD:
                end += 1
            return end
    return None


# Words between "like" and what it likens: "like I've just been", "as if someone had".
_LIKENING = frozenset({"like"})
_AS_IF = frozenset("if though".split())
_BETWEEN = (
    _SELF
    | _HAD
    | _DESCRIBING
    | frozenset(
        "just it its someone somebody done got me im getting having coming down with".split()
    )
)


def likened(words: Sequence[str], at: int) -> bool:
    """Whether the word at `at` is what something is likened to ("stings like I've just
    been waxed", "as if I'd had a peel", "looks like a bite"), not something that happened."""
    back = at - 1
    while back >= 0 and words[back] in _BETWEEN:
        back -= 1
    if back < 0:
        return False
    if words[back] in _LIKENING:
        return True
    return words[back] in _AS_IF and back > 0 and words[back - 1] == "as"


def simile_before(words: Sequence[str], start: int) -> bool:
    """Whether a simile ("looks like I had") stands just before the phrase at `start`."""
    for at in range(start):
        end = _simile_end(words, at)
        if end is not None and end <= start and _DESCRIBING.issuperset(words[end:start]):
            return True
    return False


def worry_about_results(words: Sequence[str], start: int) -> bool:
    """Whether the word at `start` is the client fearing they ruined the results ("worried
    I've ruined it", "did I mess it up"), not their skin."""
    if start >= len(words) or words[start] not in _RUIN:
        return False
    back = start - 1
    while back >= 0 and words[back] in _AUXILIARY:
        back -= 1
    if back < 0 or words[back] not in _SELF:
        return False
    after = [w for w in words[start + 1 : start + 4] if w not in _FILLER]
    return not after or after[0] in _RESULTS
