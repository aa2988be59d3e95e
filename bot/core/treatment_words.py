"""The words `bot.core.treatment` reads: microneedling's own, other procedures, everyday
causes, and the word groups that place a message before or after a session."""

from __future__ import annotations

from bot.core.grams import grams

# Microneedling's own words, as the normalizer leaves them (dermapen, derma roller:
# "microneedling").
MICRONEEDLING = frozenset(
    "microneedling microneedle microneedled microneedles needling needled".split()
)
# ...and the kinds and brands of it.
THIS = MICRONEEDLING | frozenset(
    "dermarolling dermarolled morpheus morpheus8 rf prp vampire collagen".split()
)
# Other procedures a clinic gives (a red flag after one is still the clinic's to hear of),
# and parts of the body that are not treated ("his knee is swollen after a fall").
PROCEDURES = frozenset(
    """filler fillers botox laser lasers lasered ipl wax waxing waxed microblading
    microbladed hydrafacial chemicalpeel dermaplaning electrolysis profhilo surgery
    dentist dental kybella sculptra ultherapy hifu coolsculpting threadlift mesotherapy
    polynucleotides""".split()
)
PROCEDURE_GRAMS = grams("a facial", "my facial", "the facial", "facial yesterday")
UNTREATED = frozenset(
    """knee knees finger fingers toe toes foot feet elbow elbows ankle ankles wrist
    wrists""".split()
)
# Everyday causes that are no procedure at all: a jab, a piercing or tattoo, lashes, hair
# dye, the washing, a bite or sting, food, a cold, a patch bought for spots ("skinpatch" in
# words.yaml). What they cause is not the clinic's complication.
EVERYDAY_WORDS = frozenset(
    """vaccination vaccinations vaccine vaccines jab jabs booster tattoo tattoos tattooed
    piercing piercings pierced splinter splinters detergent bitten nettle nettles covid
    hayfever tonsillitis ate eaten conjunctivitis stye styes allergies skinpatch""".split()
)
EVERYDAY_GRAMS = grams(
    "eyelash extensions",
    "eyelash extension",
    "lash extensions",
    "lash extension",
    "lash glue",
    "eyelash glue",
    "lash lift",
    "lashes done",
    "hair dye",
    "dyed my hair",
    "dyeing my hair",
    "dying my hair",
    "coloured my hair",
    "colored my hair",
    "hair colour",
    "hair color",
    "washing powder",
    "fabric softener",
    "fabric conditioner",
    "washing liquid",
    "bit me",
    "insect bite",
    "mosquito bite",
    "bug bite",
    "spider bite",
    "a bite",
    "stung by a",
    "bee sting",
    "wasp sting",
    "bee stung",
    "wasp stung",
    "something i ate",
    "after eating",
    "since eating",
    "i ate",
    "ive eaten",
    "food allergy",
    "food poisoning",
    "have a cold",
    "got a cold",
    "had a cold",
    "caught a cold",
    "with a cold",
    "over a cold",
    "the flu",
    "have flu",
    "got flu",
    "had flu",
    "chest infection",
    "sinus infection",
    "ear infection",
    "throat infection",
    "hay fever",
    "pink eye",
)
# Words after a cause that make it something else: "a cold sore", "a cold compress", "flu
# like symptoms". (What a feeling is likened to is no cause either: `speech.likened`.)
NOT_A_CAUSE = frozenset("sore sores compress pack flannel water cloth towel like symptoms".split())
# A message naming the session or its treated skin is about the treatment, whatever else
# it names ("my flu jab was the day after my session").
SESSION = frozenset("session sessions treatment treatments treated procedure aftercare".split())
# Asking whether to have the treatment, or about the time before it: nothing after it yet.
BEFOREHAND = grams(
    "can i still have",
    "can i still get",
    "can i have it",
    "can i get it",
    "can i have microneedling",
    "can i get microneedling",
    "cancel my appointment",
    "cancel my session",
    "cancel my treatment",
    "postpone my appointment",
    "move my appointment",
    "reschedule my appointment",
    "my consultation",
    "before my first",
    "before my treatment",
    "before my session",
    "before my appointment",
    "before my microneedling",
    "before microneedling",
    "before the treatment",
    "before treatment",
    "before having",
    "before getting",
    "before i have",
    "before i get",
    "ahead of my",
    "my appointment is",
    "im booked",
    "am i suitable",
    "suitable for me",
    "safe for me",
    # what the treatment is for: the condition the client has is why they want it
    "microneedling for",
    "microneedling good for",
    "microneedling help",
    "microneedling fade",
    "microneedling improve",
    "microneedling reduce",
    "microneedling treat",
    "microneedling get rid",
    "microneedling work on",
    "microneedling work for",
    # ...asked of "it": "will it help my dark patches?", "does it fade brown spots?"
    *(
        f"{asking} it {goal}"
        for asking in ("will", "would", "does", "can", "could")
        for goal in ("help", "improve", "treat", "get rid", "work on", "work for")
    ),
)
# A session already had: what follows may be its complication.
AFTER = grams(
    "had it",
    "had microneedling",
    "had my",
    "had the",
    "had her",
    "had his",
    "got it done",
    "after my",
    "after the",
    "after her",
    "after his",
    "after microneedling",
    "since my",
    "since the",
    "since her",
    "since his",
    "since it",
    "since microneedling",
    "my next",
    "next session",
    "next treatment",
    "next appointment",
    "next one",
    "my second",
    "the second",
    "second session",
    "another session",
    "another treatment",
    "another one",
    "my last",
    "last session",
    "last treatment",
    "last time",
    "previous",
    "again",
)

# A session still to come: one of these, then a time ahead within a few words ("my first
# session is in a fortnight", "booked in for next thursday", "my microneedling's on friday").
BOOKING = MICRONEEDLING | frozenset(
    """session sessions appointment appointments treatment treatments procedure
    consultation booked microneedlings""".split()
)
# "Session's on friday": the normalizer reads the contraction as a plural.
CONTRACTED = frozenset("sessions appointments treatments microneedlings".split())
BOOKING_REACH = 5
JOINERS = frozenset("and but so or then".split())  # what follows is another statement
# Words that put it in the past: "my session was in june", "had my appointment on friday".
PAST = frozenset("had was were did got done ago since after last yesterday".split())

# Words that make "before" a look back: "than before", "it was like this before".
LOOKING_BACK = frozenset("than was were wasnt werent did didnt had hadnt never".split())
