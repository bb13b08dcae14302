"""The verbs beside a word that say it is someone's name, in one place, pure: whom a message is for ("ask jess
whether", "told shreya that", "heard from zainab"), what someone does just after their name ("jess said", "Nkechi
wants"), who is to do something ("can Hope join") and who is got to do it ("got funmi to chase"). `bot.redact.addressed`, `bot.redact.beside` and
`bot.redact.chat_names` build their patterns from these alternations, each with its own case rule."""

from __future__ import annotations


def _either(words: str) -> str:
    return "(?:" + "|".join(words.split()) + ")"


# Before whom a message is for: "ask jess whether", "told shreya that", "send Oluwaseun the"
ADDRESSING = _either("""ask asked tell told ping pinged cc email emailed message messaged text texted thank thanks chase
    chased remind reminded send sent let dm dmed dm['’]d whatsapp whatsapped whatsapp['’]d nudge nudged grab grabbed collar
    collared bleep bleeped""")
# Before who is got to do something, with "to" and a verb after the name: "got funmi to chase", "get Rashida to ring"
ENLISTING = _either("got get gets getting")
# The same with a word after, tried first: "spoke to gemma", "heard from zainab", "thanks to Mthunzi", "copied in Kwabena",
# "according to Femi"
ADDRESSING_WITH = (r"(?:(?:spoke|speak|speaking|talk|talked|talking|chat|chatted|check|checked)[ \t]+(?:to|with)"
                   r"|(?:catch|catching|caught)[ \t]+up[ \t]+with|(?:hear|heard|hearing)[ \t]+(?:back[ \t]+)?from"
                   r"|(?:wait|waiting|waited)[ \t]+on|(?:copy|copied|copying)[ \t]+in|(?:thanks|grateful)[ \t]+to"
                   r"|(?:hand|handed|handing)[ \t]+over[ \t]+to|(?:loop|looped|looping)[ \t]+in"
                   r"|(?:bump|bumped|bumping|ran|run)[ \t]+into|(?:touch|touched)[ \t]+base[ \t]+with"
                   r"|(?:reach|reached)[ \t]+out[ \t]+to|(?:escalate|escalated)[ \t]+to"
                   # whose words are passed on, whom credit goes to, whom one met: "according to Femi", "as per priya",
                   # "shout out to Jas", "a call with tom", "met with Gareth"
                   r"|according[ \t]+to|as[ \t]+per|(?:shout[ \t-]?out|kudos|credit)[ \t]+to"
                   r"|(?:call|calls|meeting|met|meet|zoom|teams)[ \t]+with)")
# Just after someone's name, what they do: "jess said", "Nkechi wants", "May rang"
REPORTING = _either("""said says wants wanted needs needed thinks thought reckons reckoned mentioned asked asks flagged
    suggested told rang emailed messaged texted""")
# Before who is to do something: "can Hope join", "has darren seen"
AUXILIARIES = _either("can could did does has have will would should is was")
