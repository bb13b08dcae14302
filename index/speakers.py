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

from index import attribution_phrases as patterns
from index.namesakes import JOB_WORDS, Listed, forms_of, names_someone_else
from index.quotation import Speaker
from index.text import CREDIT_DASH, POST_NOMINALS, SENTENCE_END, whole_word_spans


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
    if patterns.NOT_VERBATIM.search(clause):
        return None  # "Jo said, in our translation:", "Jo said (paraphrasing):": the editor's words for what Jo said
    in_words = patterns.IN_WORDS.match(clause)
    if in_words:
        rest = clause[in_words.end():]
        alone = re.fullmatch(r"(?:,[^,“”\"]{1,160})?[,:]?", rest) and not _reported(rest)
        return named_alone(in_words.group("name"), people) if alone else None
    according = patterns.ACCORDING.match(clause)
    if according:  # "According to Jo Bloggs, chief executive, “…”", "In the words of Jo Bloggs:": that person's
        named = named_people(clause, people)
        person = only_person(named)
        first = min(named, key=lambda n: n.start) if named else None
        rest = clause[first.end:] if first else ""
        opens = first is not None and first.start == according.end()
        return person if opens and re.fullmatch(r"(?:,[^,“”\"]{1,160})?[,:]?", rest) and not _reported(rest) else None
    verb = patterns.LEAD_VERB.search(clause)
    named = named_people(clause, people)
    person = only_person(named)
    subject = _subject_speaking(clause, named, person, verb) if person and verb else None
    return subject or _possessive_or_object_speaker(clause, named, people)


def _reported(rest: str) -> bool:
    """Whether the words after "According to Jo Bloggs" report someone else's speech: ", patients said the sessions
    were", ", the nurses told her" (not ", chief executive," nor ", the merger was")."""
    return speaks(rest) or patterns.RELAYED.search(rest) is not None


def _subject_speaking(clause: str, named: list[Named], person: Speaker, verb: re.Match[str]) -> Speaker | None:
    """The one person named when they are the clause's subject, before its speech verb, and nothing before
    them says the speech did not happen or is only claimed ("Never did Jo say", "Critics claim Jo said")."""
    first = min(named, key=lambda n: n.start)
    if first.start >= verb.start() or patterns.UNSAID.search(clause[:first.start]):
        return None
    if patterns.OPENS_RELAYING.search(clause[:first.start]):
        return None  # "Citing the board paper, Jo said", "Quoting the strategy, Jo told the board:": the paper's words
    connective = patterns.CONNECTIVE.match(clause)  # it matches every clause (everything in it is optional)
    opens = connective is not None and first.start == connective.end()
    between = clause[first.end:verb.start()]
    if not opens and connective is not None and _post_before(clause[connective.end():first.start]):
        return person if re.fullmatch(r",\s+(?:also\s+)?", between) else None  # "The chair, Jo Bloggs, said:"
    if not opens and patterns.NOT_SUBJECT.search(clause[:first.start]):
        return None  # named after a preposition: not the one speaking
    if re.fullmatch(patterns.APPOSITIVE, between):
        return None if patterns.RELAYING.search(between) else person  # "Jo, quoting a mother, said": the mother's words
    return person if opens and patterns.COORDINATED.fullmatch(between) else None


def _post_before(opening: str) -> bool:
    """Whether `opening` is only a post, before the name of the person holding it ("The registered manager, ",
    "The chief executive of Lenham Health, "; not "The patients of the registered manager, ")."""
    role = patterns.ROLE_OPENING.fullmatch(opening)
    head = re.split(r"\s+(?:of|at|in)\s+", role.group("role"))[0] if role else ""
    return role is not None and not patterns.NOT_IN_ROLE.search(role.group("role")) and any(
        w.lower() in JOB_WORDS for w in re.findall(r"[\w-]+", head))


def _possessive_or_object_speaker(clause: str, named: list[Named], people: Sequence[Speaker]) -> Speaker | None:
    """"Jo Bloggs's verdict:" (a speech noun of theirs), "Sam thanked Jo Bloggs, who said:" (the name
    just before ", who said"), "Jo Bloggs told Sam Able:" (the subject telling someone); not "Jo's
    deputy's verdict:", "Jo thanked a porter, who said:", "Jo's patient told Sam:", "Jo was told by Sam:",
    nor a clause going on from another's attribution ("…,” said Sam, before thanking Jo, who said:")."""
    start = patterns.CONNECTIVE.match(clause)
    opening = clause[start.end() if start else 0:]
    possessive = patterns.POSSESSIVE_LEAD.fullmatch(opening) or patterns.STATEMENT_FROM.fullmatch(opening)
    if possessive:
        return named_alone(possessive.group("name"), people)
    # a sentence, not "…, before thanking"
    relative = patterns.WHO_SAID.search(clause) if clause[:1].isupper() else None
    if relative:
        last = [n for n in named if n.end == relative.start()]
        before = clause[:last[0].start] if len(last) == 1 else ""
        agent = re.search(r"\bby\s+$", before)  # "That view was not shared by Jo Bloggs, who said:"
        denied = re.search(r"\b(?:not|never|nor|rather\s+than|instead\s+of)\s+$", before)  # "the union, not Jo, who said:"
        return last[0].person if last and (agent or not (patterns.NOT_SUBJECT.search(before) or denied)) else None
    told = patterns.TOLD.fullmatch(opening)
    teller = named_alone(told.group("name"), people) if told else None
    if teller and told:
        heard = told.group("object")
        if named_alone(heard, people) or not (named_people(heard, people) or patterns.CLAUSE_WORD.search(heard)):
            return teller
    return None


def pronoun_before(lead: str) -> str:
    """"he" or "she" when the clause before a quotation is that pronoun speaking ("He goes on to say
    that", "As she puts it,"), not someone else "she" tells of ("She remembers a patient who said:");
    else ""."""
    match = patterns.PRONOUN_LEAD.fullmatch(lead.strip(" \u00a0"))
    return match.group("pronoun").lower() if match and not patterns.OBJECT.search(match.group("between")) else ""


def pronoun_after(tail: str) -> str:
    """"he", "she" or "they" when the words after a quotation are that pronoun speaking ("she added"), not
    relaying someone else's words ("she added, quoting a patient", "she recalls a patient telling
    her"); else ""."""
    match = patterns.PRONOUN_TAIL.match(tail)
    rest = tail[match.end():] if match else ""
    doubted = patterns.NOT_VERBATIM.search(rest) or patterns.DOUBTED.search(rest)
    return match.group("pronoun") if match and not patterns.RELAYED.search(rest) and not doubted else ""


def turn_speaker(lead: str, people: Sequence[Speaker]) -> Speaker | None:
    """The person whose turn a quotation is, when all before it is their name and a colon (`Jo
    Bloggs: “…”`, `**Jo Bloggs:** “…”`, after a transcript's timestamp: `[00:14:20] Jo Bloggs: “…”`); None
    for a post ("Patient, 71:") or anything more."""
    match = patterns.TURN.fullmatch(_TIMESTAMP.sub("", lead.strip(" \u00a0")))
    return named_alone(match.group("name"), people) if match else None


_TIMESTAMP = re.compile(r"^[\[(]?\d{1,2}(?::\d{2}){1,2}[\])]?[ \t]+")  # a transcript turn's "[00:14:20] ", "(14:20) "


def named_alone(label: str, people: Sequence[Speaker]) -> Speaker | None:
    """The person `label` is wholly the name of ("Dr Jo Bloggs", "Jo Bloggs", "Bloggs"), or their full name with
    styles the front matter leaves out ("Cllr Jo Bloggs", "The Rt Hon Jo Bloggs MP", "Dr Jo Bloggs OBE FRCP"; not
    "Mrs Bloggs", who may be someone else), or None."""
    person = only_person(named_people(label, people))
    if person is None:
        return None
    forms, label = forms_of(person), label.strip()
    if label in forms:
        return person
    while (post := re.search(r",?\s+(\S+)$", label)) and post.group(1) in POST_NOMINALS:
        label = label[:post.start()]
    while label not in forms and (style := STYLE.match(label)):
        label = label[style.end():]
    return person if label in forms and " " in label else None


STYLE = re.compile(  # one honorific or style before a name: "The Rt Hon ", "Cllr ", "Professor ", "Dame "
    r"(?:[Tt]he\s+)?(?:(?:Rt\.?|Right)\s+Hon(?:\.|ourable)?|Cllr\.?|Councillor|Dr\.?|Doctor|Professor|Prof\.?|Sir|Dame|"
    r"Lord|Lady|Baroness|Mr\.?|Mrs\.?|Ms\.?|Miss|Mx\.?)\s+")


def introduced_speaker(paragraph: str, people: Sequence[Speaker]) -> Speaker | None:
    """The person a paragraph introduces as the speaker of the quotation after it: its last sentence
    ends with a colon, holds no quotation mark, and names them as speaking ("Jo Bloggs, chief nurse at
    Eastvale, said:", "As Jo explains:"); None for "Jo shared a carer's letter:"."""
    sentence = paragraph.rstrip()
    if forward := _FORWARD.search(sentence):  # "Jo Bloggs put it this way." / "“…”": as "Jo Bloggs said:"
        sentence = f"{sentence[:forward.start()]} said:"
    if not sentence.endswith(":") or "\n" in sentence:
        return None
    sentence = sentence[max((m.end() for m in SENTENCE_END.finditer(sentence)), default=0):]
    return None if re.search(r"[“”\"‘]", sentence) else lead_speaker(sentence, people)


_FORWARD = re.compile(  # a sentence pointing to the quotation after it: "put it this way.", "had this to say."
    r"\s+(?:(?:put|puts|summed|sums|explained|explains|said|says)\s+it\s+(?:this\s+way|like\s+this|thus)|"
    r"(?:had|has)\s+this\s+to\s+say|(?:said|says|wrote|writes)\s+this)\s*\.$")


def label_speaker(paragraph: str, people: Sequence[Speaker]) -> Speaker | None:
    """The person a paragraph that is only their name is ("**Jo Bloggs**", "Jo Bloggs:": an interview's
    turn label, when it stands above a turn, not a caption under a quotation), or their name and post ("**Jo
    Bloggs**, Head of operations"), or None."""
    label = patterns.NAME_LINE.fullmatch(paragraph.strip())
    if label and (alone := named_alone(label.group(1).strip(), people)):
        return alone
    with_post = _NAME_AND_POST.fullmatch(paragraph.strip())  # "**Jo Bloggs**, Head of operations"
    if not with_post or not _a_post(with_post["post"]) or named_people(with_post["post"], people):
        return None
    return named_alone(with_post["name"].strip(), people)


def post_line_speaker(paragraph: str, people: Sequence[Speaker]) -> Speaker | None:
    """The person a role line of only their name and post is ("Jo Bloggs, Chief nurse, Vale NHS Trust"), or None: not
    a sentence ("Jo Bloggs, a GP in the network, disagreed."), nor a line saying they relay someone ("…, quoting a
    patient")."""
    with_post = _NAME_AND_POST.fullmatch(paragraph.strip())
    if not with_post or not post_line(with_post["post"], people):
        return None
    return named_alone(with_post["name"].strip(), people)


def post_line(paragraph: str, people: Sequence[Speaker]) -> bool:
    """Whether a paragraph is only a post and where it is held ("Medical director, Vale NHS Trust"), as a role line
    writes it: one line, no sentence's full stop, not "a …" or "the …", naming no one and relaying no one."""
    line = paragraph.strip()
    return ("\n" not in line and not line.endswith((".", "!", "?")) and _a_post(line) and not _NO_POST.search(line)
            and not named_people(line, people) and not relays(line))


_NO_POST = re.compile(  # a clause, not a post: "a GP in the network, disagreed", "Chief nurse, on what a patient told her"
    r"^(?:a|an|the)\b|\b(?:who|which|whose|what|that|when|while|where|how|why|our|his|her|him|their|them|its|my|me|"
    r"us|on|about|to|told|asked|asks|tells)\b", re.I)


_NAME_AND_POST = re.compile(r"(?:\*\*)?(?P<name>[^*,:\n]{2,80}?)(?:\*\*)?,\s*(?P<post>[^\n]{2,120}?)[\s:]*")


def _a_post(text: str) -> bool:
    """Whether a name line's words after the comma are only a post and where it is held ("Head of clinical
    operations", "Chief executive, Vale NHS Trust"): a job's word, no speech, no sentence, date or quotation, and no
    one else (", and Sam Able, ward manager")."""
    return (any(w.strip(",()").lower() in JOB_WORDS for w in text.split()) and not speaks(text)
            and not re.search(r"[.!?;:“”\"‘’()\[\]\d]|,\s*(?:and|&|with)\s", text.rstrip(".")))


def tail_speaker(tail: str, people: Sequence[Speaker]) -> Speaker | None:
    """"explains Dr Nick Jackson, …", "Fiona says", "Sir Richard Leese, the … chair, told us", "as Jo put it",
    "— Jo Bloggs"."""
    named = named_people(tail, people)
    person = only_person(named)
    if person is None:
        return None
    first = min(named, key=lambda n: n.start)
    dash = re.match(rf"{CREDIT_DASH}\s*", tail)
    verb = patterns.TAIL_VERB.match(tail)
    opening = re.match(r"as\s+", tail)  # "…,” as Jo put it": the same credit as "Jo said"
    full = " " in tail[first.start:first.end]  # "Cllr Jo Bloggs", not "Mrs Bloggs" (maybe someone else)
    said = re.match(rf"{patterns.APPOSITIVE}{patterns.VERB}\b", tail[first.end:]) if _styles(
        tail[opening.end() if opening else 0:first.start], full) else None
    paren = re.match(r"\(\s*", tail)  # "“…” (Jo Bloggs, chief executive)": a credit in brackets, naming a post at most
    if paren and _styles(tail[paren.end():first.start], full):
        closed = re.fullmatch(r"(?:,[^()“”\"‘’]{1,160})?\)[\s.;]*", tail[first.end:])
        if not closed or speaks(tail[first.end:]):
            return None
        rest = tail[first.end:]
    elif (dash and _styles(tail[dash.end():first.start], full)) or (
            verb and tail[verb.end():first.start][:1].isspace() and _styles(tail[verb.end():first.start].lstrip(), full)):
        rest = tail[first.end:]
    elif verb and _post_then_name(tail[verb.end():first.start]):  # "said the head of operations, Jo Bloggs"
        rest = tail[first.end:]
    elif said:
        rest = tail[first.end + said.end():]
    else:
        return None
    # "…,” Jo recalls a patient telling her": the patient's words; "…,” said Jo and her team": a group's
    if patterns.RELAYED.search(rest) or patterns.JOINED.match(rest) or patterns.NOT_VERBATIM.search(rest):
        return None  # "…,” said Jo (our translation)", "(paraphrased)", "(later withdrawn)": not Jo's words as they stand
    if patterns.DOUBTED.search(rest) or patterns.REPORTED_CLAUSE.match(rest):
        return None  # "…,” said Jo, allegedly": not vouched for; "…,” Jo said the letter read": the letter's words
    return person


def _styles(text: str, full: bool) -> bool:
    """Whether `text`, just before a name, is nothing, or (before a `full` name) only honorifics and styles the front
    matter may leave out ("Cllr ", "the Rt Hon ")."""
    return not text or full and re.fullmatch(rf"(?:{STYLE.pattern})+", text) is not None


_POST_THEN_NAME = re.compile(r"\s+(?:the|our|its|their|his|her)\s+(?P<post>[^,.;:!?()“”\"‘’]{2,80}),\s+")


def _post_then_name(between: str) -> bool:
    """Whether the words between a speech verb and the name after it are the speaker's post, as an appositive
    (" the head of clinical operations, "): no speech, no clause, no one beside them (" the nurse to the chair, ",
    " the porter beside the chief executive, "); not " a colleague of " (no post of theirs)."""
    post = _POST_THEN_NAME.fullmatch(between)
    return post is not None and not speaks(post["post"]) and not _NOT_A_POST.search(post["post"])


_NOT_A_POST = re.compile(  # a clause, or someone beside the speaker: "the nurse who", "the nurse to the chair, Jo"
    r"\b(?:who|which|whom|whose|that|to|with|beside|behind|towards?|alongside|opposite|against|than|like|unlike|"
    r"about|after|before|sitting|standing|next)\b")


def carries_on(between: str, people: Sequence[Speaker]) -> bool:
    """Whether the attribution after a quotation ("“A,” says Jo Bloggs, chief executive, “B”", "“A,” she
    added, “B”") reaches the quotation after it: between them, after its verb and its speaker, is only
    punctuation, an appositive naming no one and saying nothing (", chief executive of …,"), or a clause
    with no subject of its own (", and added:", ", adding:"); not ", and the porter agreed:", ", while a
    porter shouted:", " to a porter, who replied:"."""
    verb = re.search(rf"\b{patterns.VERB}\b", between)
    if not verb:
        return False
    named = named_people(between, people)
    pronoun = re.search(r"\b(?:he|she)\b", between, re.I)
    end = max([verb.end(), *(n.end for n in named[:1]), *([pronoun.end()] if pronoun and not named else [])])
    rest = between[end:]
    if not re.search(r"\w", rest) or patterns.SAME_SUBJECT.fullmatch(rest):
        return True
    return bool(re.fullmatch(r"\s*,[^“”\"]{1,200}?,\s*", rest)) and not named_people(rest, people) \
        and not re.search(rf"\b{patterns.VERB}\b|\b(?:who|which|whose|whom|while|whereas|but|when|and|as)\b",
                          rest, re.I)


def speaks(text: str) -> bool:
    """Whether `text` has a speech verb ("said", "told the board", "recalls")."""
    return re.search(rf"\b{patterns.VERB}\b", text, re.I) is not None


def relays(attribution: str) -> bool:
    """Whether a blockquote's attribution line says its person is quoting someone else ("Jo Bloggs,
    chair, quoting the partner trust's motto"), or that the words are not theirs as they stand or not vouched for
    ("(paraphrased)", "(withdrawn)", "(disputed)"): then the words are not theirs."""
    return bool(patterns.RELAYING_LINE.search(attribution) or patterns.NOT_VERBATIM.search(attribution)
                or patterns.DOUBTED.search(attribution))  # "— Jo Bloggs (disputed)", "— attributed to Jo Bloggs"


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
                found.append(Named(start, _past_post_nominals(text, end), person))
    return found


def _past_post_nominals(text: str, end: int) -> int:
    """Where a name ending at `end` ends with the honours after it: "Professor Jane Holloway CBE FRCP, …" and
    "Helena Marsden OBE FRCP(Edin) said" name the listed Professor Jane Holloway and Helena Marsden."""
    while (match := _POST_NOMINAL.match(text, end)) and match.group("letters") in POST_NOMINALS:
        end = match.end()
    return end


_POST_NOMINAL = re.compile(r"\s+(?P<letters>[A-Z][A-Za-z]{1,7})\b(?:\s?\([A-Z][a-z]+\))?")


def only_person(named: list[Named]) -> Speaker | None:
    """The one person named, or None when no one or several are (a first name two people share is several)."""
    people = {id(n.person): n.person for n in named}
    return next(iter(people.values())) if len(people) == 1 else None


def unclosed_credit(paragraph: str, people: Sequence[Speaker]) -> tuple[int, Speaker | None] | None:
    """“A, said Jo Bloggs." (a paragraph opening with its only mark, never closed, its words ended by ", said …" or
    ", … said"): where the words end, and whose they are when the credit is one listed person's name and nothing else
    (None for "said a carer at the meeting"); None when the paragraph is not so."""
    match = _UNCLOSED.match(paragraph)
    if not match or len(re.findall(r"[“”\"]", paragraph)) != 1:
        return None
    return match.end("words"), named_alone((match["after"] or match["before"]).strip(), people)


_CREDIT_VERB = r"(?:said|says|added|adds|explained|explains|recalled|recalls)"
_UNCLOSED = re.compile(rf"[“\"](?P<words>[^“”\"\n]{{8,}}?),\s+(?:{_CREDIT_VERB}\s+(?P<after>[^,.;:!?“”\"\n]+)|"
                       rf"(?P<before>[^,.;:!?“”\"\n]+?)\s+{_CREDIT_VERB})\s*(?:[,.;]|$)")
