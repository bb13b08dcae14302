"""Messages that ask nothing peerbot can search, or ask in another language: small talk (greetings,
thanks, acknowledgements, asking for help or what peerbot does) and its replies (HELP, GREETING,
THANKS, ANOTHER_LANGUAGE), each a `RequestKind` that stands alone rather than a decline (`bot.scope`
reads a message with these first)."""

from __future__ import annotations

import re

from bot import messages
from bot.introductions import past_introduction
from bot.scope_files import RequestKind
from index import STOPWORD_ACRONYMS, STOPWORDS, english_words

# a message that asks nothing peerbot can search (no content word, or no word at all), a greeting,
# thanks: each reply says what peerbot does and asks for a question
HELP = RequestKind("help", messages.help_reply(), (), asks_nothing=True)
# a question in another language ("¿Cómo construyen confianza los hospitales?"): peerbot reads English only
ANOTHER_LANGUAGE = RequestKind("another language", messages.english_only(), (), asks_nothing=True, about_peerbot=True)
GREETING = RequestKind("greeting", messages.help_reply(messages.HELLO), (), asks_nothing=True)
THANKS = RequestKind("thanks", messages.help_reply(messages.WELCOME), (), asks_nothing=True)
FAREWELL = RequestKind("farewell", messages.help_reply(messages.GOODBYE), (), asks_nothing=True)


def needing_context(word: str) -> RequestKind:
    """The kind of a question about something it does not name (`bot.follow_up.needs_context`: "who
    led it?"), with no earlier question to read it with: asked which collaborative, lesson or topic."""
    return RequestKind("needs context", messages.needs_context(word), (), asks_nothing=True)


# besides stopwords, the words of a message that asks nothing: greetings, thanks, acknowledgements,
# asking for help or what peerbot is or does ("hi there", "thank you", "ok", "help me", "who are you?")
_GREETINGS = frozenset("hi hello hey hiya howdy morning afternoon evening".split())
_THANKS = frozenset("thanks thank thx ty tnx thanx ta cheers".split())
_FAREWELLS = frozenset("bye byee goodbye cya later laters cheerio ttfn ttyl night goodnight soon see".split())
# praise said with thanks ("thanks, that's really useful", "brilliant, thank you"); alone, a verdict on peerbot
_PRAISE = frozenset("""useful helpful handy brilliant perfect excellent fantastic fab amazing wonderful awesome lovely
    superb appreciated interesting informative clear really very much so super""".split())
# texting forms of those words, typed without apostrophes or shortened ("thats all", "how r u", "pls")
_TEXTING = frozenset("u ur r ya pls plz im ive thats whats hows wot dont cant youre isnt mate".split())
_CHAT_WORDS = _GREETINGS | _THANKS | _FAREWELLS | _TEXTING | STOPWORDS | frozenset("""good please ok okay yes yeah yep nope sure great
    cool fine nice right alright help use work works start peerbot bot""".split())
# sounds and stretched interjections ("hmm", "zzz", "umm", "erm", "ah", "oh", "ha ha", "lol")
_INTERJECTION = re.compile(r"(h+m+|m+|z{2,}|u+m+|e+r+m*|a+h+|o+h+|o+k+|k+|(ha)+h?|(he)+|lol|meh)$")


def small_talk(text: str) -> RequestKind | None:
    """The kind of a message that asks nothing peerbot can search, made only of stopwords and
    greetings, thanks, farewells, acknowledgements and asking for help or what peerbot does ("hi", "thanks!",
    "ok", "hmm", "help", "help me", "what can you do?", "what is it?", "how?"): THANKS when it
    thanks, else FAREWELL when it says goodbye ("ok, bye"), else GREETING when it greets, else HELP; None when it has any other word ("help me
    build trust between boards", "IT?": an acronym) or none at all. An asker's introduction before asking what peerbot
    does is no part of it (`past_introduction`: "hello - I'm the new COO at … what can you help me with?")."""
    text = past_introduction(text)
    typed = [w.replace("’", "'").split("'")[0] for w in re.findall(r"[A-Za-z]+(?:['’][A-Za-z]+)?", text)]
    if any(w.isupper() and len(w) > 1 and w.lower() in STOPWORD_ACRONYMS for w in typed):
        return None
    words = [w.lower() for w in typed]
    thanked = any(w in _THANKS for w in words)  # praise with thanks is thanks ("thanks, that's useful")
    if not words or not all(w in _CHAT_WORDS or _INTERJECTION.match(w) or (thanked and w in _PRAISE) for w in words):
        return None
    if thanked:
        return THANKS
    if any(w in _FAREWELLS for w in words) and words[-1] not in _GREETINGS:  # "ok, bye", "see you soon"
        return FAREWELL
    return GREETING if any(w in _GREETINGS for w in words) else HELP


_LETTERS = re.compile(r"[^\W\d_]+")
FOREIGN_SHARE = 0.5  # more than this share of a message's words unknown to English: another language
# the commonest words of the languages an NHS colleague might ask in that English lacks (Welsh, Spanish,
# French, Portuguese, Italian, German, Polish, Romanian): with no accented letter, one marks the language
_FOREIGN_WORDS = frozenset("""sut mae yn ydy beth pam pwy ble gyda ac ond neu ein eich
    como qué que los las del por para con una está están son hay cuál cuáles cuando dónde
    comment quoi qui sont les des est pour avec dans ils elles nous vous une aux leurs entre
    porque onde quando uma são não nos pelos pelas
    perché dove quando sono della delle degli gli
    wie was warum der die das und ist nicht mit für auf ein eine sich zwischen
    jak czy jest są nie się dla przez oraz
    cum unde este sunt și pentru""".split())


def another_language(text: str) -> bool:
    """Whether a message is written in another language: of its words of two letters or more (at
    least three; names and acronyms, capitalised after the first word, left out), more than
    FOREIGN_SHARE are neither English (the speller's 82,765 words) nor stopwords, and one has an
    accented letter or is a common word of another language (`_FOREIGN_WORDS`): "¿Cómo construyen
    confianza los hospitales?", "Sut mae ysbytai yn cydweithio?". A misspelt English question
    keeps most of its words English, and has neither ("hw dd trusts shre staf")."""
    found = [m.group(0) for m in _LETTERS.finditer(text)]
    words = [w.lower() for i, w in enumerate(found) if len(w) > 1 and (i == 0 or w.islower())]
    if len(words) < 3:
        return False
    english = english_words()  # loaded once per process (the speller's list)
    foreign = [w for w in words if w not in english and w not in STOPWORDS]
    marked = any(not w.isascii() or w in _FOREIGN_WORDS for w in words)
    return marked and len(foreign) > FOREIGN_SHARE * len(words)
