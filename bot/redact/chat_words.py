"""Words of ward and team chat that stand where a name would and are none, pure: departments and teams ("estates",
"ward 12", "the bed team"), staff roles and jobs ("porter", "HCA", "locum"), ward shorthand English's word list lacks
("noro", "mrsa", "ttos"), the levels of incident command ("Gold on call", "ask Silver whether"), a body's acronym in
lower case ("dhsc", "ukhsa") and the words of the organisations the corpus names. `bot.redact.chat_names` and
`bot.redact.addressed` keep them; `unwritten` says which word English never writes is a name where one would stand."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from bot.redact.name_lists import folded, given_names, is_given_name, medical_term, misspelt, short_forms
from index import STOPWORDS, english_words

DEPARTMENT = (r"(?:estates|pharmacy|IT|comms|communications|finance|HR|theatres?|recovery|safeguarding|PALS|ICB|ED|A&E|"
              r"radiology|pathology|physio|outpatients|switchboard|portering|facilities|catering|housekeeping|procurement|"
              r"governance|informatics|maternity|paeds|payroll|workforce|IPC|nights|porters|ward[ \t]+\d{1,3}[A-Za-z]?|the[ \t]+ward|(?:the[ \t]+)?(?:[A-Za-z&]+[ \t]+){0,2}"
              r"(?:team|hub|office|desk|unit|lounge|department|dept|bureau))")
STAFF_ROLE = (r"(?:porter|HCA|ward[ \t]+clerk|nurse|matron|sister|receptionist|cleaner|physio|OT|pharmacist|consultant|"
              r"registrar|volunteer|chaplain|housekeeper|midwife|paramedic|security[ \t]+guard|domestic)")
DEPARTMENT_WORD = re.compile(DEPARTMENT, re.IGNORECASE)
# A job's word, where a name could stand: "porter in bay 2", "one porter told us"
JOB_WORD = re.compile(rf"{STAFF_ROLE}|doctor|locum|surgeon|anaesthetist|dietitian|therapist|radiographer|phlebotomist|"
                      r"student|agency|bank|staff", re.IGNORECASE)
# Ward shorthand English's word list lacks, typed where a colleague's name would be: "meds from pharmacy", "noone on nights"
CHAT_ABBREVIATIONS = frozenset("""nhse regs sho shos cons mgmt exec execs meds abx ttos tto nok bloods noone
    nhsp ctg ecg ecgs fbc obs nbm dnacpr respect noro cdiff mrsa cpe vre esbl uti aki tia dka copd nof lrti urti ckd chf
    dvt hap vap cva acs nstemi stemi ihd pvd peg ngt
    resus resp rheum gynae endo onc derm paeds haem ortho neuro gastro cardio uro vasc maxfax ent itu hdu icu""".split())
# The levels of NHS incident command, named where a person would be: "ask Silver whether", "Gold on call", "told bronze"
COMMAND_LEVELS = frozenset(("gold", "silver", "bronze"))
# Who else a message is for: people in general and groups of staff ("told everyone that", "emailed managers about")
_GROUPS = frozenset("""everyone everybody people staff team teams colleagues patients families governors execs managers
    management nurses doctors board boards leadership government earlies lates nights twilights""".split())
_THREE_CONSONANTS = re.compile(r"[^aeiouy]{3}")


def acronym_like(word: str) -> bool:
    """Whether a lower-case word reads as a body's acronym, not a name: three consonants running and fewer than
    three vowels, accented ones counted ("dhsc", "ukhsa", "nhsei"; not "rukhsana", "inés"), and on no list of given
    names or their short forms ("chris", "dhruv", "chloe")."""
    plain = folded(word)
    return (bool(_THREE_CONSONANTS.search(plain)) and sum(plain.count(v) for v in "aeiouy") < 3
            and not is_given_name(word) and word not in short_forms())


@lru_cache(maxsize=4)
def organisation_words(organisations: frozenset[str]) -> frozenset[str]:
    """Every word of the organisations' names (made once per corpus): "salisbury" is a body's, no colleague's."""
    return frozenset(word for organisation in organisations for word in organisation.split())


# Up to this many letters, a word English never writes where whom a message is for stands is a name ("kemi", "funmi");
# longer, it is more often an English word misspelt ("adress", "clinitians")
UNWRITTEN_LETTERS = 5


@cache
def _addressees() -> frozenset[str]:
    """The words that stand where whom a message is for would and are no one's name: function words, groups of staff,
    departments, roles and ward shorthand."""
    chat = re.findall(r"[a-z]{3,}", f"{DEPARTMENT} {STAFF_ROLE} {JOB_WORD.pattern}".lower())
    return STOPWORDS | _GROUPS | CHAT_ABBREVIATIONS | frozenset(chat)


@lru_cache(maxsize=4096)
def unwritten(word: str) -> bool:
    """Whether a word in lower case, where whom a message is for stands, is a name though a letter from English words: one
    English never writes, nor a misspelling of a word that stands there ("funmi", "seyi", "muhamad"; not "tehm",
    "abotu", "pharamcy", "nigths"), nor ward shorthand, a body's acronym or a medical term; longer than `UNWRITTEN_LETTERS`,
    only a given name misspelt ("muhamad")."""
    if (len(word) < 3 or word in english_words() or word in CHAT_ABBREVIATIONS or acronym_like(word) or medical_term(word)
            or word in _addressees() or misspelt(word, _addressees())):
        return False  # a longer word, only a given name misspelt: "muhamad", not "adress", "clinitians"
    return len(word) <= UNWRITTEN_LETTERS or misspelt(word, given_names())
