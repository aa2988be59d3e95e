"""The words and word groups that tell who a message is about and how it speaks of them
(`bot.core.subject` reads them): the client or people in general, a question, a
hypothetical or a fear, hearsay, asking how to treat or how to avoid something."""

from __future__ import annotations

from bot.core.grams import grams
from bot.core.treatment_words import MICRONEEDLING

# The client, or a specific person the client speaks of.
PERSONAL = frozenset(
    "i im ive id me my mine myself this these she shes her hers herself he hes his him "
    "himself daughter son wife husband mum mom mother dad father sister brother friend "
    "girlfriend boyfriend partner roommate flatmate".split()
)
# People in general, the reader of an article, or what causes what in general.
GENERIC = frozenset(
    "youre youve yours yourself people someone somebody anyone anybody everyone "
    "everybody those patients clients others women men kids children we our "
    "cause causes trigger triggers risk risks chance chances likely common rare possible "
    "occur occurs guide tips explained understanding symptoms remedies remedy hacks".split()
)
# "You" is the clinic when it did something or is asked for something ("where you
# treated", "can you help"); otherwise people in general ("can you get an infection").
YOU_DID = frozenset(
    "treated did used put said told gave recommended applied mentioned done needled "
    "help tell check look see advise explain confirm call ring send let".split()
)
ASKING_YOU = frozenset("thank call ring ask tell message text email".split())
YOUR_CLINIC = frozenset("clinic nurse practitioner team staff advice instructions sheet".split())
# Ways of asking how not to get something: general, and best answered by the matched topic.
PREVENTION = frozenset("avoid avoiding prevent preventing prevention minimise minimize".split())
QUESTION_START = frozenset(
    "how what whats why when where which who can could is are am do does did should will would "
    "was were has have may might shall isnt arent".split()
)
# Question words that open a question even without a question mark ("how to ...").
WH = frozenset("how what whats why which who".split())
# After "did", "is", "could"...: a subject makes it a question ("did something go wrong"),
# anything else a statement ("did the roller at home and now...").
SUBJECTS = frozenset(
    "i it its this that these those something anything she he you u there my we they".split()
)
# Words a question may follow at the start of a clause ("or is she doing something wrong").
LEAD_IN = frozenset("or and so but also then ok okay oh hi hey".split())


# A fear of what might come ("nervous about ending up with dark marks", "scared I'll
# scar"): nothing reported yet.
FEARS = "worried nervous scared afraid anxious terrified paranoid".split()
FEARED = (
    *("about getting", "about ending up", "about developing", "of getting", "of ending up"),
    *("of developing", "ill", "i might", "i will", "i would", "id", "it might", "it will"),
    *("it would", "itd", "that ill", "that i might", "that it might", "that it will"),
)
# Conditions, worries about the future and questions about how to tell: nothing reported.
HYPOTHETICAL = grams(
    *sorted({f"{fear} {feared}" for fear in FEARS for feared in FEARED}),
    "what if",
    # what something can do in general: "lasers can leave dark marks on skin like mine"
    "can leave",
    "could leave",
    "may leave",
    "might leave",
    # deliberating, or asking whether: "whether to pop a blister", "to pop or not to pop",
    # "she asked whether I get cold sores"
    "whether to",
    "or not to",
    "whether i get",
    "whether i ever",
    "asked whether",
    "asked me whether",
    "thought maybe",
    "give me",
    "look like",
    "signs of",
    "sign of",
    "symptoms of",
    "symptom of",
    "risk of",
    "how do i know",
    "how can i tell",
    "how would i know",
    "how will i know",
    "when should i worry",
    "when should i call",
    "when should i contact",
    "when do i call",
    "when to call",
    "when to worry",
    "when should i seek",
    "when should i see",
    "when should i go",
    "when do i need",
    "when would i need",
    "when to seek",
    "when to see",
    "could i get",
    "can i get",
    "will i get",
    "might i get",
    "is it possible to get",
    "what happens if",
    "what should i do if",
    "what do i do if",
    "what to do if",
    "in case",
    "look out for",
    "watch out for",
    "should i worry",
    "call if",
    "call you if",
    "contact you if",
    "warning signs",
    "looks like if",
    "asked if",
    "asked me if",
    "before it gets better",
    "prone to",
    "will react",
    "might react",
    "could react",
    "would react",
    "history of",
    "before they get better",
    "warned me",
    "told me it might",
    "told me it could",
    "said it might",
    "said it could",
    "will it give",
    "can it give",
    "could it give",
    "will it cause",
    "can it cause",
    "does it cause",
    "could it cause",
    "just so i know",
    "recognise",
    "recognize",
    "how do i spot",
    "how to spot",
    "how would i tell",
    "if i",
    "if my",
    "if it",
    "if its",
    "if the",
    "if there",
    "if theres",
    "if she",
    "if he",
    "if her",
    "if his",
    "if your",
    "if you get",
    "if you have",
    "if you notice",
    "if you see",
    "if you develop",
    "if you experience",
    # the client's history, not this treatment's course
    "last year",
    "years ago",
    "a year ago",
    "in the past",
    "as a kid",
    "as a child",
    "as a teenager",
    "used to get",
    "used to have",
)
# "I don't know if it's infected", "is it normal if it's weeping": about the client's own
# skin, not a condition.
INDIRECT = frozenset(
    "know sure wonder wondering tell check mean normal bad ok okay fine worried concerned".split()
)
# ...unless what follows is still to come: "is it bad if I get a fever?"
CONDITIONAL = frozenset("get gets develop develops start starts notice become becomes".split())
# "If you ...": advice to anyone, not the client's own skin.
PEOPLE = frozenset("you your".split())
# What someone said or wrote: a report only if it is about the client ("the nurse said it
# looks infected"), not about people in general ("she said some people get an infection")
# nor what to watch for ("the sheet says to look for pus").
HEARSAY = frozenset(
    "said say says saying told tells read reads heard hear hears mentioned warned explained "
    "according saw seen googled".split()
)
WATCHING = frozenset("watch look check monitor expect keep".split())
# Words between what was said and who it was about: "told me that some people ...".
SAID_TO = frozenset("me us that online on in the a it its some many most lots of".split())
# Asking how to treat something means having it...
REMEDIAL = grams(
    "how do i fix",
    "how can i fix",
    "how do i treat",
    "how can i treat",
    "how should i treat",
    "how do i get rid",
    "how can i get rid",
    "how do i heal",
    "how do i calm",
    "how do i soothe",
    "what can i put on",
    "what should i put on",
    "what do i put on",
)
# ...and so does "how to" treat it, when the message speaks of the client or ties it to the
# treatment ("how to get rid of my cold sore", "how to treat a reaction to the numbing
# cream"); without them it is a general question, a heading ("How to calm a rash fast").
HOW_TO = grams(
    "how to fix",
    "how to treat",
    "how to get rid",
    "how to heal",
    "how to cure",
    "how to calm",
    "how to soothe",
)
INSTRUCTIONS = grams(
    *("how to", "ways to", "tips to", "tips for", "tips on", "way to", "best way to"),
    *("fastest way to", "quickest way to", "easiest way to", "best ways to"),
)
TREATMENT = MICRONEEDLING | frozenset(
    "session sessions treatment treatments treated procedure numbing aftercare".split()
)


LOOK_LIKE = ("look", "like")
