"""Who a quotation's sentence names as its speaker (pure): the clause before it ("Keir explains
that", "As Cathy explains,", "According to Jo Bloggs,"), the words after it ("explains Dr Nick
Jackson, …", "Fiona says", "— Jo Bloggs"), and whether a blockquote's attribution names a person.
Only people from the document's front matter are found in a sentence; a person named as someone
else's object ("a spokesperson for Jo said") or relaying someone else's words ("Jo recalls a
patient telling her", "Jo, quoting a mother, said") is not the speaker."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.namesakes import JOB_WORDS, Listed, forms_of, names_someone_else
from index.quotation import Speaker
from index.text import SENTENCE_END, whole_word_spans

_VERB = (
    r"(?:say|says|said|saying|explain|explains|explained|add|adds|added|note|notes|noted|highlight|highlights|"
    r"highlighted|conclude|concludes|concluded|share|shares|shared|tell us|tells us|told us|reflect|reflects|"
    r"reflected|stress|stresses|stressed|emphasise|emphasises|emphasised|emphasize|emphasizes|emphasized|"
    r"comment|comments|commented|continue|continues|continued|recall|recalls|recalled|describe|describes|"
    r"described|argue|argues|argued|observe|observes|observed|remark|remarks|remarked|state|states|stated|"
    r"put it(?:\s+(?:simply|bluntly|plainly|succinctly|best|well|this way))?|"
    r"puts it(?:\s+(?:simply|bluntly|plainly|succinctly|best|well|this way))?|point out|points out|pointed out|acknowledge|acknowledges|acknowledged|admit|admits|"
    r"admitted|suggest|suggests|suggested|believe|believes|believed|insist|insists|insisted|warn|warns|warned|"
    r"write|writes|wrote|recount|recounts|recounted|confirm|confirms|confirmed|agree|agrees|agreed|ask|asks|asked|"
    r"reply|replies|replied|answer|answers|answered|respond|responds|responded|"
    r"(?:tell|tells|told)\s+(?:the|a|an|our|its|their)\s+(?:[\w-]+\s+){0,2}?"  # "told the November board"
    r"(?:board|boards|committee|meeting|conference|panel|inquiry|council|governors|audience|summit)|"
    r"(?:tell|tells|told)\s+(?:the\s+)?(?:HSJ|BBC|ITV|BMJ|Health\s+Service\s+Journal|Nursing\s+Times|press|media|"
    r"reporters|journalists)\b|"  # "told HSJ": a publication the speaker told
    r"(?:tell|tells|told)\s+(?:the\s+|our\s+)?(?:inspectors|inspection\s+team|regulators?|CQC|reviewers|review\s+team|"
    r"researchers|evaluators|evaluation\s+team)\b)"  # "told inspectors": the people inspecting or reviewing
)
_SETTING = (  # where the speaker said or wrote it: "wrote in her editor's note", "said in a statement", "told the board in Welsh"
    r"(?:\s+(?:in|on|at)\s+(?:(?:a|an|the|her|his|their|its|our|this|that|last)\s+)?(?:[\w’'-]+\s+){0,3}?"
    r"(?:statement|note|letter|email|e-mail|blog|column|foreword|preface|editorial|channel|post|message|newsletter|"
    r"bulletin|podcast|interview|webinar|summit|conference|meeting|briefing|submission|Welsh|English))?")
_LEAD_VERB = re.compile(rf"\b{_VERB}{_SETTING}(?:\s+(?:that|how))?\s*[,:]?\s*$")
_TAIL_VERB = re.compile(rf"^(?:{_VERB}|according to|meddai)\b")  # "meddai Jo": Welsh for "said Jo"
_ACCORDING = re.compile(r"(?:(?:And|But|So|Yet|Indeed),?\s+)?(?:[Aa]ccording to|[Ii]n the words of)\s+")
_IN_WORDS = re.compile(  # "In Jo Bloggs's words, the merger was “…”", "In Jo's own words:"
    r"(?:(?:And|But|So|Yet|Indeed),?\s+)?[Ii]n\s+(?P<name>[^,:;“”\"]+?)(?:['’]s|(?<=s)['’])\s+(?:own\s+)?words\s*")
CONNECTIVE = re.compile(r"^(?:(?:As|And|But|So|Yet|Here|Now|Later|Finally|Also|Meanwhile|Indeed),?\s+)?")
_PRONOUN_LEAD = re.compile(  # "He goes on to say that", "As she puts it,"
    rf"(?:(?:As|And|But|So|Yet|Later|Finally),?\s+)?(?P<pronoun>He|She|he|she)\s+(?P<between>(?:\w+\s+){{0,4}}?){_VERB}"
    r"(?:\s+(?:that|how))?\s*[,:]?"
)
_JOINED = re.compile(  # "said Jo and her team", "said Jo and colleagues", "said Jo alongside the chair": not Jo alone
    rf"\s+(?:and|&|alongside|together with)\s+(?!(?:also\s+|then\s+)?{_VERB}\b|then\b)")
_PRONOUN_TAIL = re.compile(rf"^(?P<pronoun>he|she|they)\s+(?:also\s+)?{_VERB}\b")
_OBJECT = re.compile(  # "She remembers a patient who said:", "She heard the auditor say:": someone else speaks
    r"\b(?:a|an|the|one|some|her|his|their|our|my|who|which|that|whom|whose)\s", re.I)
_APPOSITIVE = r"(?:\s*,[^,“”\"]{1,160},)?\s+(?:also\s+)?"  # "Jo Bloggs, the chair, said"
_RELAYED = re.compile(  # someone else's words relayed: "…,” Jo recalls a patient telling her / says Jo, quoting a carer
    r"\b(?:quoting|citing|reading|repeating|echoing|telling|saying|asking|told|tells|said|says|asked|asks|wrote|"
    r"writes)\b", re.I)
_RELAYING = re.compile(r"\b(?:quoting|citing|reading|repeating|echoing)\b", re.I)  # "Jo, quoting a mother, said"
_RELAYING_LINE = re.compile(r",\s*(?:quoting|citing|reading from|reading out|repeating|echoing)\b")  # "— Jo, chair, quoting …"
SPEECH_AFTER = re.compile(  # words after a closing mark that say who spoke it: "…,” she said / said one porter
    rf"^[,.!?…]?\s*(?:[\w’'-]+\s+){{0,3}}?(?:{_VERB}|tell|tells|told)\b")
NAMED_THING = re.compile(  # the quotation is the subject of what follows: "Jo said “…” was the programme's name",
    # "Jo explains that “…” means care at home", "Jo wrote that “…” had become the slogan"
    r"^(?:was|is|were|are|became|becomes|remained|remains|would be|will be|has been|had been|"
    r"(?:has|have|had) (?:now |since |quickly |soon )?become|means|meant|mean|stands for|stood for|refers to|"
    r"referred to|(?:came|comes|come) to mean|sums up|summed up|summarises|summarised|captures|captured)\b")
_SAME_SUBJECT = re.compile(  # ", and added:", ", adding:", ", before adding:": the speaker goes on
    rf"\s*[,;]?\s*(?:(?:and|then|and then|before)\s+)?(?:also\s+)?(?:{_VERB}|adding|continuing|going on)\s*[,:]?\s*")
_NAME_LINE = re.compile(r"(?:\*\*)?([^*:\n]{2,80}?)(?:\*\*)?:?(?:\*\*)?")  # "**Jo Bloggs**", "Jo Bloggs:"
_TURN = re.compile(r"\**(?P<name>[^:*“”\"]{2,80}?)\s*(?:\*\*\s*:|:\s*\*\*|:)")  # "Jo Bloggs:", "**Jo Bloggs:**"
_NOT_SUBJECT = re.compile(  # "A spokesperson for Jo Bloggs said", "Responding to Jo Bloggs, the director said"
    r"\b(?:to|for|with|from|by|about|of|on|at|after|before|like|than|against|towards?|behind|under|via|alongside|"
    r"beside|between|among|including|unlike|into|onto|upon|over|through|without|within|during|near|and|or|nor|"
    r"the|a|an)\s+$", re.I)
_COORDINATED = re.compile(  # "Cathy reflects on … and concludes that": the same subject, no clause in between
    r"(?:(?![,;:]|\b(?:that|who|which|whom|whose)\b).)*\sand\s+(?:also\s+)?"
)


_SPEECH_NOUN = r"(?:verdict|view|reply|answer|response|message|advice|conclusion|summary|words|assessment)"
_POSSESSIVE_LEAD = re.compile(rf"(?P<name>[^,:;“”\"]+?)(?:['’]s|(?<=s)['’])\s+(?:own\s+)?{_SPEECH_NOUN}\s*:")
_WHO_SAID = re.compile(rf",\s+who\s+(?:also\s+|then\s+)?{_VERB}\s*[,:]?\s*$")
_TOLD = re.compile(r"(?P<name>[^,:;“”\"]+?)\s+told\s+(?P<object>[^,:;“”\"]{2,60}?)\s*:")
_STATEMENT_FROM = re.compile(  # "**Statement from Jo Bloggs, chair:**", "A message from Jo Bloggs:": a heading of their words
    r"(?:\*\*)?(?:(?:A|The)\s+)?(?:[Ss]tatement|[Mm]essage|[Cc]omment|[Rr]esponse|[Ff]oreword)\s+(?:from|by)\s+"
    r"(?P<name>[^,:;*“”\"]+?)(?:,[^:;*“”\"]{1,160})?\s*(?:\*\*\s*:|:\s*\*\*|:)")
_ROLE_OPENING = re.compile(  # "The registered manager, " before "Jo Bloggs, told inspectors:": a post naming its holder
    r"(?:The|the|Our|our|Its|its|Their|their)\s+(?P<role>(?:[\w’'-]+\s+){0,5}?[\w’'-]+),\s+")
_NOT_IN_ROLE = re.compile(  # a clause, or someone else's post ("The chair's deputy", "The nurse who met")
    rf"[’']s\b|\b(?:who|which|that|whom|whose|to|for|with|by|about|and|or|told|{_VERB})\b", re.I)
_CLAUSE_WORD = re.compile(rf"\b(?:that|what|how|who|whom|which|why|when|about|by|of|{_VERB})\b", re.I)



@dataclass(frozen=True)
class Named:
    """A front-matter person named in a clause, and where."""

    start: int
    end: int
    person: Speaker


def lead_speaker(lead: str, people: Sequence[Speaker]) -> Speaker | None:
    """"Keir explains that", "As Cathy explains,", "Cathy reflects on … and concludes that", "In 2021
    Jo told us:": one person named, as the clause's subject, and a speech verb just before the quotation."""
    clause = lead.strip(" \u00a0")
    in_words = _IN_WORDS.match(clause)
    if in_words:
        rest = clause[in_words.end():]
        return named_alone(in_words.group("name"), people) if re.fullmatch(r"(?:,[^,“”\"]{1,160})?[,:]?", rest) else None
    according = _ACCORDING.match(clause)
    if according:  # "According to Jo Bloggs, chief executive, “…”", "In the words of Jo Bloggs:": that person's
        named = named_people(clause, people)
        person = only_person(named)
        first = min(named, key=lambda n: n.start) if named else None
        rest = clause[first.end:] if first else ""
        opens = first is not None and first.start == according.end()
        return person if opens and re.fullmatch(r"(?:,[^,“”\"]{1,160})?[,:]?", rest) else None
    verb = _LEAD_VERB.search(clause)
    named = named_people(clause, people)
    person = only_person(named)
    subject = _subject_speaking(clause, named, person, verb) if person and verb else None
    return subject or _possessive_or_object_speaker(clause, named, people)


def _subject_speaking(clause: str, named: list[Named], person: Speaker, verb: re.Match[str]) -> Speaker | None:
    """The one person named when they are the clause's subject, before its speech verb."""
    first = min(named, key=lambda n: n.start)
    if first.start >= verb.start():
        return None
    connective = CONNECTIVE.match(clause)  # it matches every clause (everything in it is optional)
    opens = connective is not None and first.start == connective.end()
    between = clause[first.end:verb.start()]
    if not opens and connective is not None and _post_before(clause[connective.end():first.start]):
        return person if re.fullmatch(r",\s+(?:also\s+)?", between) else None  # "The chair, Jo Bloggs, said:"
    if not opens and _NOT_SUBJECT.search(clause[:first.start]):
        return None  # named after a preposition: not the one speaking
    if re.fullmatch(_APPOSITIVE, between):
        return None if _RELAYING.search(between) else person  # "Jo, quoting a mother, said": the mother's words
    return person if opens and _COORDINATED.fullmatch(between) else None


def _post_before(opening: str) -> bool:
    """Whether `opening` is only a post, before the name of the person holding it ("The registered manager, ",
    "The chief executive of Lenham Health, "; not "The patients of the registered manager, ")."""
    role = _ROLE_OPENING.fullmatch(opening)
    head = re.split(r"\s+(?:of|at|in)\s+", role.group("role"))[0] if role else ""
    return role is not None and not _NOT_IN_ROLE.search(role.group("role")) and any(
        w.lower() in JOB_WORDS for w in re.findall(r"[\w-]+", head))


def _possessive_or_object_speaker(clause: str, named: list[Named], people: Sequence[Speaker]) -> Speaker | None:
    """"Jo Bloggs's verdict:" (a speech noun of theirs), "Sam thanked Jo Bloggs, who said:" (the name
    just before ", who said"), "Jo Bloggs told Sam Able:" (the subject telling someone); not "Jo's
    deputy's verdict:", "Jo thanked a porter, who said:", "Jo's patient told Sam:", "Jo was told by Sam:",
    nor a clause going on from another's attribution ("…,” said Sam, before thanking Jo, who said:")."""
    start = CONNECTIVE.match(clause)
    opening = clause[start.end() if start else 0:]
    possessive = _POSSESSIVE_LEAD.fullmatch(opening) or _STATEMENT_FROM.fullmatch(opening)
    if possessive:
        return named_alone(possessive.group("name"), people)
    relative = _WHO_SAID.search(clause) if clause[:1].isupper() else None  # a sentence, not "…, before thanking"
    if relative:
        last = [n for n in named if n.end == relative.start()]
        before = clause[:last[0].start] if len(last) == 1 else ""
        agent = re.search(r"\bby\s+$", before)  # "That view was not shared by Jo Bloggs, who said:"
        return last[0].person if last and (agent or not _NOT_SUBJECT.search(before)) else None
    told = _TOLD.fullmatch(opening)
    teller = named_alone(told.group("name"), people) if told else None
    if teller and told:
        heard = told.group("object")
        if named_alone(heard, people) or not (named_people(heard, people) or _CLAUSE_WORD.search(heard)):
            return teller
    return None


def pronoun_before(lead: str) -> str:
    """"he" or "she" when the clause before a quotation is that pronoun speaking ("He goes on to say
    that", "As she puts it,"), not someone else "she" tells of ("She remembers a patient who said:");
    else ""."""
    match = _PRONOUN_LEAD.fullmatch(lead.strip(" \u00a0"))
    return match.group("pronoun").lower() if match and not _OBJECT.search(match.group("between")) else ""


def pronoun_after(tail: str) -> str:
    """"he", "she" or "they" when the words after a quotation are that pronoun speaking ("she added"), not
    relaying someone else's words ("she added, quoting a patient", "she recalls a patient telling
    her"); else ""."""
    match = _PRONOUN_TAIL.match(tail)
    return match.group("pronoun") if match and not _RELAYED.search(tail[match.end():]) else ""


def turn_speaker(lead: str, people: Sequence[Speaker]) -> Speaker | None:
    """The person whose turn a quotation is, when all before it is their name and a colon (`Jo
    Bloggs: “…”`, `**Jo Bloggs:** “…”`); None for a post ("Patient, 71:") or anything more."""
    match = _TURN.fullmatch(lead.strip(" \u00a0"))
    return named_alone(match.group("name"), people) if match else None


def named_alone(label: str, people: Sequence[Speaker]) -> Speaker | None:
    """The person `label` is wholly the name of ("Dr Jo Bloggs", "Jo Bloggs", "Bloggs"), or None."""
    person = only_person(named_people(label, people))
    return person if person and label.strip() in forms_of(person) else None


def introduced_speaker(paragraph: str, people: Sequence[Speaker]) -> Speaker | None:
    """The person a paragraph introduces as the speaker of the quotation after it: its last sentence
    ends with a colon, holds no quotation mark, and names them as speaking ("Jo Bloggs, chief nurse at
    Eastvale, said:", "As Jo explains:"); None for "Jo shared a carer's letter:"."""
    sentence = paragraph.rstrip()
    if not sentence.endswith(":") or "\n" in sentence:
        return None
    sentence = sentence[max((m.end() for m in SENTENCE_END.finditer(sentence)), default=0):]
    return None if re.search(r"[“”\"‘]", sentence) else lead_speaker(sentence, people)


def label_speaker(paragraph: str, people: Sequence[Speaker]) -> Speaker | None:
    """The person a paragraph that is only their name is ("**Jo Bloggs**", "Jo Bloggs:": an interview's
    turn label, when it stands above a turn, not a caption under a quotation), or None."""
    label = _NAME_LINE.fullmatch(paragraph.strip())
    return named_alone(label.group(1).strip(), people) if label else None


def tail_speaker(tail: str, people: Sequence[Speaker]) -> Speaker | None:
    """"explains Dr Nick Jackson, …", "Fiona says", "Sir Richard Leese, the … chair, told us", "— Jo Bloggs"."""
    named = named_people(tail, people)
    person = only_person(named)
    if person is None:
        return None
    first = min(named, key=lambda n: n.start)
    dash = re.match(r"(?:—|–|--?)\s*", tail)
    verb = _TAIL_VERB.match(tail)
    said = re.match(rf"{_APPOSITIVE}{_VERB}\b", tail[first.end:]) if first.start == 0 else None
    if (dash and first.start == dash.end()) or (verb and re.fullmatch(r"\s+", tail[verb.end():first.start])):
        rest = tail[first.end:]
    elif said:
        rest = tail[first.end + said.end():]
    else:
        return None
    if _RELAYED.search(rest) or _JOINED.match(rest):  # "…,” Jo recalls a patient telling her: the patient's words;
        return None  # "…,” said Jo and her team": a group's
    return person


def carries_on(between: str, people: Sequence[Speaker]) -> bool:
    """Whether the attribution after a quotation ("“A,” says Jo Bloggs, chief executive, “B”", "“A,” she
    added, “B”") reaches the quotation after it: between them, after its verb and its speaker, is only
    punctuation, an appositive naming no one and saying nothing (", chief executive of …,"), or a clause
    with no subject of its own (", and added:", ", adding:"); not ", and the porter agreed:", ", while a
    porter shouted:", " to a porter, who replied:"."""
    verb = re.search(rf"\b{_VERB}\b", between)
    if not verb:
        return False
    named = named_people(between, people)
    pronoun = re.search(r"\b(?:he|she)\b", between, re.I)
    end = max([verb.end(), *(n.end for n in named[:1]), *([pronoun.end()] if pronoun and not named else [])])
    rest = between[end:]
    if not re.search(r"\w", rest) or _SAME_SUBJECT.fullmatch(rest):
        return True
    return bool(re.fullmatch(r"\s*,[^“”\"]{1,200}?,\s*", rest)) and not named_people(rest, people) \
        and not re.search(rf"\b{_VERB}\b|\b(?:who|which|whose|whom|while|whereas|but|when|and|as)\b", rest, re.I)


def speaks(text: str) -> bool:
    """Whether `text` has a speech verb ("said", "told the board", "recalls")."""
    return re.search(rf"\b{_VERB}\b", text, re.I) is not None


def relays(attribution: str) -> bool:
    """Whether a blockquote's attribution line says its person is quoting someone else ("Jo Bloggs,
    chair, quoting the partner trust's motto"): then the words are not theirs."""
    return bool(_RELAYING_LINE.search(attribution))


def named_people(text: str, people: Sequence[Speaker]) -> list[Named]:
    """Every mention of a front-matter person in `text` (whole words, not possessive, nor a shorter
    form inside a possessive one: "Rita" in "Rita Evans’ deputy"), longest forms first; a form two
    people share is a mention of both."""
    forms = sorted(((form, person) for person in people for form in forms_of(person)), key=lambda f: -len(f[0]))
    found: list[Named] = []
    possessive: list[tuple[int, int]] = []
    for form, person in forms:
        spans = list(whole_word_spans(text, form, possessive=False))
        possessive += [span for span in whole_word_spans(text, form) if span not in spans]
        if isinstance(person, Listed) and form in person.shared:
            continue  # "Fairweather said" in a document that also quotes David Fairweather: either of two
        for start, end in spans:
            full = " " in form or form.isupper()  # a full name, or initials the document defines
            if any(s <= start < e for s, e in possessive) or names_someone_else(text, start, end, full):
                continue
            overlaps = [n for n in found if n.start <= start < n.end]
            if not overlaps or all((n.start, n.end) == (start, end) and n.person is not person for n in overlaps):
                found.append(Named(start, end, person))
    return found


def only_person(named: list[Named]) -> Speaker | None:
    """The one person named, or None when no one or several are (a first name two people share is several)."""
    people = {id(n.person): n.person for n in named}
    return next(iter(people.values())) if len(people) == 1 else None
