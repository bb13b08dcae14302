"""What stands beside words that says they are someone's name, pure: "send Oluwaseun the …",
"Nkechi wants …", "can dawn hughes join", "… NHS number"; and Chinese names of two pinyin syllables.
`bot.redact.people` asks these of the words it finds."""

from __future__ import annotations

import re
import unicodedata

from bot.redact.person_verbs import ADDRESSING, ADDRESSING_WITH, AUXILIARIES, REPORTING
from index import english_words

# What before or after a word on no list says it is someone's given name: "send Oluwaseun the …", "Nkechi wants …"
_PERSON_BEFORE = re.compile(rf"(?i:\b(?:{ADDRESSING_WITH}|{ADDRESSING}|forward\s+(?:this|it)\s+to|"
                            r"share\s+(?:this\s+|it\s+)?with)\s+)$")
_PERSON_AFTER = re.compile(rf"\s+(?:{REPORTING}|joined|(?:is|has)\s+(?:new|our|my|joining|joined|leading|asked|started)|"
                           r"will\s+(?:present|join|lead|chair|start))\b")
# What beside two words in lower case says they are someone's name ("can dawn hughes join", "amber
# stone from estates wants …"), when both are on the lists but English words too
_LOWER_PERSON_BEFORE = re.compile(rf"\b(?:{ADDRESSING}|contact|{AUXILIARIES})[ \t]+$", re.I)
_LOWER_PERSON_AFTER = re.compile(rf"(?:[ \t]+(?:from|in[ \t]+(?:our|my|the)|ever|still|{REPORTING}|join|joins|joined|sent|"
                                 r"covers|covered|is[ \t]+(?:covering|leading|chairing|running|off|back|away|leaving|retiring|"
                                 r"(?:the|our|a)[ \t]+new|on[ \t]+(?:leave|nights|days|the[ \t]+rota)))\b)")
# "she", "him" … later in the same sentence: "Ngozi joined last week, where should she start?"
_PRONOUN_AFTER = re.compile(r"[^.?!\n]{0,80}?\b(?:she|he|her|him|his)\b", re.I)
# Chinese family names English also writes too often to count as rare ("Wang", "Chen"): a name beside a
# pinyin syllable that is rare ("Hui Wang", "Wang Fang"), not "Hong Kong"
CHINESE_FAMILY = frozenset("""wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao liang
    zheng xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding ren
    shen yao jin fang shi tan qian""".split())
_PINYIN = re.compile(r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:a|ai|an|ang|ao|e|ei|en|eng|i|ia|ian|iang|iao|ie|in|ing|"
                     r"iong|iu|o|ong|ou|u|ua|uai|uan|uang|ue|ui|un|uo)")
# What after a name gives someone's identifier: "… NHS number", ", DOB …", " aged 4": a patient's, never an organisation's
_IDENTIFIER_NEXT = re.compile(r"[ \t]*[,(:-]?[ \t]*(?:nhs[ \t]*(?:no\b|num|number|#)|d\.?o\.?b\b|date[ \t]+of[ \t]+birth|born\b|"
                              r"aged?\b|mrn\b|hospital[ \t]+(?:no\b|num|number))", re.I)


def person_beside(text: str, start: int, end: int) -> bool:
    """Whether what stands beside the word at `start:end` says it is someone's given name: "send
    Oluwaseun the lessons", "Nkechi wants to know", "Ngozi joined …, where should she start?"."""
    return bool(_PERSON_BEFORE.search(text, max(0, start - 40), start) or _PERSON_AFTER.match(text, end)
                or _PRONOUN_AFTER.match(text, end))


def reported_after(text: str, end: int) -> bool:
    """Whether a verb that follows someone's name comes after the word ending at `end` ("… said", "… wants")."""
    return bool(_PERSON_AFTER.match(text, end))


def words_beside(text: str, start: int, end: int) -> bool:
    """Whether what stands before `start` or after `end` says the two words in lower case between are
    someone's name: "can dawn hughes join", "amber stone from estates wants", "dawn hughes, NHS no …"."""
    return bool(_LOWER_PERSON_BEFORE.search(text, max(0, start - 12), start) or _LOWER_PERSON_AFTER.match(text, end)
                or _PERSON_AFTER.match(text, end) or identifier_after(text, end))


def identifier_after(text: str, end: int) -> bool:
    """Whether someone's identifier follows the name ending at `end` ("… NHS number", ", DOB")."""
    return bool(_IDENTIFIER_NEXT.match(text, end))


def chinese_name(first: str, second: str, rare: int) -> bool:
    """Whether two pinyin syllables are a Chinese name in either order: a family name English writes
    often ("wang") beside a syllable it writes less than `rare` times ("hui"): "Hui Wang", "Wang Fang";
    or any syllable but a function word before a family name English never writes ("Jun Li", "Bo Zhang")."""
    if not (_PINYIN.fullmatch(first) and _PINYIN.fullmatch(second)):
        return False
    if second in _CHINESE_ONLY and first not in _FUNCTION_WORDS and english_words().get(second) is None:
        return True
    return any(family in CHINESE_FAMILY and english_words().get(other, 0) < rare
               for family, other in ((first, second), (second, first)))


def vietnamese_name(words: list[str]) -> bool:
    """Whether capitalised words (lower case here) are a Vietnamese name: a family name, a middle name
    such as "Van" or "Thi", then a given name, whatever English makes of it ("Tran Van Hung", "Le Thi Mai")."""
    folded = ["".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c)) for w in words[:2]]
    return len(words) >= 3 and folded[0] in VIETNAMESE_FAMILY and folded[1] in _VIETNAMESE_MIDDLE


# Vietnamese family names and middle names (written without their accents, as chat often writes them)
VIETNAMESE_FAMILY = frozenset("""nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh truong
    lam trinh luong doan mai cao""".split())
_VIETNAMESE_MIDDLE = frozenset("van thi duc ngoc minh quoc thanh huu xuan kim dinh hong thu anh gia tuan quang".split())
_CHINESE_ONLY = CHINESE_FAMILY - frozenset("ye ma du su hu lu yu shi".split())  # those English never writes, not "Ye"
_FUNCTION_WORDS = frozenset("a an and as at be but by he her his i if in is it me my no of on or our she so the to "
                            "up us we you".split())
