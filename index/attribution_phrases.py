"""The phrases that attribute a quotation to its speaker, as patterns (read by `index.speakers`, and
by the quotation finders): speech verbs and where they were said, the clauses before and after a
quotation that name who spoke it, and the words that show someone else's speech relayed or a
quotation named as a thing."""

from __future__ import annotations

import re

VERB = (
    r"(?:say|says|said|saying|explain|explains|explained|add|adds|added|note|notes|noted|highlight|highlights|"
    r"highlighted|conclude|concludes|concluded|share|shares|shared|tell us|tells us|told us|reflect|reflects|"
    r"reflected|stress|stresses|stressed|emphasise|emphasises|emphasised|emphasize|emphasizes|emphasized|"
    r"comment|comments|commented|continue|continues|continued|recall|recalls|recalled|describe|describes|"
    r"described|argue|argues|argued|observe|observes|observed|remark|remarks|remarked|state|states|stated|"
    r"put it(?:\s+(?:simply|bluntly|plainly|succinctly|best|well|this way))?|"
    r"puts it(?:\s+(?:simply|bluntly|plainly|succinctly|best|well|this way))?|point out|points out|pointed out|acknowledge|acknowledges|acknowledged|admit|admits|"
    r"admitted|suggest|suggests|suggested|believe|believes|believed|insist|insists|insisted|warn|warns|warned|"
    r"write|writes|wrote|tweet|tweets|tweeted|post|posts|posted|recount|recounts|recounted|confirm|confirms|confirmed|agree|agrees|agreed|ask|asks|asked|"
    r"reply|replies|replied|answer|answers|answered|respond|responds|responded|"
    r"cut in|cuts in|interjected|interjects|chipped in|chips in|chimed in|chimes in|"
    r"(?:write|writes|wrote)\s+to\s+(?:every|each|all|the|our|its|their)\s+(?:[\w-]+\s+){0,2}?"  # "wrote to every practice"
    r"(?:practices?|teams?|staff|wards?|members|colleagues|trusts?|boards?|governors|GPs|partners|managers)|"
    r"(?:tell|tells|told)\s+(?:the|a|an|our|its|their)\s+(?:[\w-]+\s+){0,2}?"  # "told the November board"
    r"(?:board|boards|committee|meeting|conference|panel|inquiry|council|governors|audience|summit)|"
    r"(?:tell|tells|told)\s+(?:the\s+)?(?:HSJ|BBC|ITV|BMJ|Health\s+Service\s+Journal|Nursing\s+Times|press|media|"
    r"reporters|journalists)\b|"  # "told HSJ": a publication the speaker told
    r"(?:tell|tells|told)\s+the\s+(?:[A-Z][\w’'-]*\s+){0,3}?(?:Gazette|Times|Post|Echo|Herald|Chronicle|Journal|"
    r"Guardian|Telegraph|Mail|Mirror|Express|Observer|Standard|Argus|Courier|Advertiser|Mercury|Sentinel|Examiner|"
    r"Citizen|Recorder)\b|"  # "told the Westbridge Gazette": a newspaper
    r"(?:tell|tells|told)\s+(?:the\s+|our\s+)?(?:inspectors|inspection\s+team|regulators?|CQC|reviewers|review\s+team|"
    r"researchers|evaluators|evaluation\s+team)\b)"  # "told inspectors": the people inspecting or reviewing
)
SETTING = (  # where the speaker said or wrote it: "wrote in her editor's note", "said in a statement", "told the board in Welsh"
    r"(?:\s+(?:in|on|at)\s+(?:(?:a|an|the|her|his|their|its|our|this|that|last)\s+)?(?:[\w’'-]+\s+){0,3}?"
    r"(?:statement|note|letter|email|e-mail|blog|column|foreword|preface|editorial|channel|post|message|newsletter|"
    r"bulletin|podcast|interview|webinar|summit|conference|meeting|briefing|submission|Welsh|English|"
    r"LinkedIn|Twitter|X|Facebook|Instagram|Bluesky|Threads|Mastodon|social\s+media))?")  # "wrote on LinkedIn"
LEAD_VERB = re.compile(rf"\b{VERB}{SETTING}(?:\s+(?:that|how))?\s*[,:]?\s*$")
TAIL_VERB = re.compile(rf"^(?:{VERB}|according to|meddai)\b")  # "meddai Jo": Welsh for "said Jo"
ACCORDING = re.compile(r"(?:(?:And|But|So|Yet|Indeed),?\s+)?(?:[Aa]ccording to|[Ii]n the words of)\s+")
IN_WORDS = re.compile(  # "In Jo Bloggs's words, the merger was “…”", "In Jo's own words:"
    r"(?:(?:And|But|So|Yet|Indeed),?\s+)?[Ii]n\s+(?P<name>[^,:;“”\"]+?)(?:['’]s|(?<=s)['’])\s+(?:own\s+)?words\s*")
CONNECTIVE = re.compile(r"^(?:(?:As|And|But|So|Yet|Here|Now|Later|Finally|Also|Meanwhile|Indeed),?\s+)?")
PRONOUN_LEAD = re.compile(  # "He goes on to say that", "As she puts it,"
    rf"(?:(?:As|And|But|So|Yet|Later|Finally),?\s+)?(?P<pronoun>He|She|he|she)\s+(?P<between>(?:\w+\s+){{0,4}}?){VERB}"
    r"(?:\s+(?:that|how))?\s*[,:]?"
)
JOINED = re.compile(  # "said Jo and her team", "said Jo and colleagues", "said Jo alongside the chair": not Jo alone
    rf"\s+(?:and|&|alongside|together with)\s+(?!(?:also\s+|then\s+)?{VERB}\b|then\b)")
PRONOUN_TAIL = re.compile(rf"^(?P<pronoun>he|she|they)\s+(?:also\s+)?{VERB}\b")
OBJECT = re.compile(  # "She remembers a patient who said:", "She heard the auditor say:": someone else speaks
    r"\b(?:a|an|the|one|some|her|his|their|our|my|who|which|that|whom|whose)\s", re.I)
APPOSITIVE = r"(?:\s*,[^,“”\"]{1,160},|\s+\(@\w{1,30}\))?\s+(?:also\s+)?"  # "Jo Bloggs, the chair, said", "Jo (@jo) tweeted"
PASSING_ON = (  # words someone passes on as another's: "quoting a carer", "misquoting", "relaying the porters' view",
    # "borrowing a line from", "attributing it to", "passing on a porter's words", "in the words of", "in a porter's words"
    r"(?:mis)?quoting|citing|reading|repeating|echoing|relaying|reciting|borrowing|attributing|passing\s+on|"
    r"mimicking|imitating|impersonating|parodying|mocking|aping|"  # "said Jo, mimicking her predecessor"
    r"in\s+the\s+words\s+of|in\s+(?:(?:a|an|the|her|his|their|our)\s+)?(?:[\w-]+\s+){0,2}?[\w-]+(?:['’]s|s['’])\s+words")
RELAYED = re.compile(  # someone else's words relayed: "…,” Jo recalls a patient telling her / says Jo, quoting a carer
    rf"\b(?:{PASSING_ON}|telling|saying|asking|told|tells|said|says|asked|asks|wrote|writes)\b", re.I)
RELAYING = re.compile(rf"\b(?:{PASSING_ON})\b", re.I)  # "Jo, quoting a mother, said"
OPENS_RELAYING = re.compile(  # a clause opening the sentence with the document the speaker passes on: "Citing the board
    # paper, Jo said", "Quoting the strategy, Jo told the board:", "Reading from the plan, Jo said:" (not "In Reading,")
    r"(?:^|[,;]\s*)(?:[Mm]is)?(?:[Qq]uoting|[Cc]iting|[Rr]eading\s+(?:from|out|aloud)|[Rr]epeating|[Ee]choing|"
    r"[Rr]eciting|[Bb]orrowing|[Pp]assing\s+on)\b")
TRANSLATED = re.compile(  # the words are a translation or an interpreter's, not the speaker's verbatim: "said Jo (our
    # translation)", "said (translated from Welsh):", "Jo, speaking through an interpreter, said:", "— Jo (in translation)"
    r"\((?:[^()]*\s)?(?:translated|translation|interpreted)\b[^()]*\)|\btranslated\s+(?:from|into|by)\b|"
    r"\bin\s+(?:(?:an?|our|the|my|his|her|their)\s+)?(?:[\w-]+\s+)?translation\b|\b(?:through|via|with)\s+an?\s+interpreter\b",
    re.I)
PARAPHRASED = re.compile(  # the words are the writer's version of what was said: "said Jo (paraphrased)", "— Jo, paraphrased",
    # "Jo said (paraphrasing):", "said Jo, or words to that effect", "(not her exact words)", "(quote not verbatim)", "(my words)"
    r"\bparaphras(?:ed|ing)\b|\bin\s+paraphrase\b|\bwords\s+to\s+th(?:at|is)\s+effect\b|\bnot\s+verbatim\b|"
    r"\bnot\s+(?:her|his|their|the\s+speaker[’']s)\s+(?:exact|actual|precise)\s+words\b|"
    r"\((?:[^()]*\s)?(?:my|our|the\s+(?:editor|writer|author)[’']s)\s+words\b[^()]*\)|,\s*in\s+effect\b",
    re.I)
WITHDRAWN = re.compile(  # the document says the words were taken back: "said Jo (this quotation was later withdrawn)",
    # "said Jo (a remark she later retracted)", "said Jo, a line she later withdrew", "said Jo [withdrawn]", "— Jo (withdrawn)"
    r"[(\[](?:[^()\[\]]*\s)?(?:withdrawn|withdrew|retracted|retraction|struck)\b[^()\[\]]*[)\]]|"
    r"\b(?:remark|line|quotation|quote|comment|words|statement)s?\s+(?:(?:she|he|they|it|was|were|has|have|had|been|"
    r"later|since|subsequently|then)\s+){0,4}(?:withdr[ae]wn?|retracted|took\s+back|taken\s+back)\b|"
    r"\b(?:withdr[ae]w|withdraws|withdrawn|retract(?:s|ed)?|t(?:ook|akes)\s+back)\s+(?:the|that|this|her|his|their)\s+"
    r"(?:remark|line|quotation|quote|comment|words|statement)s?\b",  # "She later withdrew the remark."
    re.I)
BY_PROXY = re.compile(  # someone else spoke for the speaker: "said Jo through a spokesperson", "Jo, via her office,
    # said:", "— Jo (through her solicitor)"
    r"\b(?:through|via|by\s+way\s+of)\s+(?:(?:a|an|the|her|his|their|its)\s+)?(?:[\w’'-]+\s+){0,2}?"
    r"(?:spokes(?:person|people|woman|women|man|men)|representatives?|lawyers?|solicitors?|aides?|office|"
    r"press\s+(?:office|team)|agents?|publicists?|deputy)\b", re.I)
NOT_VERBATIM = re.compile(  # any of them: not the speaker's words as they stand
    f"{TRANSLATED.pattern}|{PARAPHRASED.pattern}|{WITHDRAWN.pattern}|{BY_PROXY.pattern}", re.I)
DOUBTED = re.compile(  # the writer does not vouch that the words were said: "Critics claim Jo said:", "Allegedly, Jo
    # said:", "Imagine Jo saying:", "Suppose Jo said:", "“…,” said Jo, allegedly", "“…,” said Jo, or so the paper claimed",
    # "said Jo, according to the union" (second-hand), "— Jo (disputed)", "— attributed to Jo", "— Jo (attrib.)", "(satire)"
    r"\b(?:claim(?:s|ed|ing)?|alleg(?:e|es|ed|edly|ing)|supposedly|purportedly|reputedly|reportedly|rumou?r(?:s|ed)?|"
    r"imagin(?:e|es|ed|ing)|picture|suppos(?:e|es|ed|ing)|pretend(?:s|ed|ing)?|doubt(?:s|ed|ful)?|den(?:y|ies|ied)|"
    r"disput(?:e|es|ed)|untrue|false(?:ly)?|wrongly|mistakenly|incorrectly|misreport(?:s|ed|ing)?|apocryphal(?:ly)?|"
    r"myth|unverified|unconfirmed|attributed\s+to|satir(?:e|ical)|parod(?:y|ies)|spoof|pantomime|as\s+played\s+by|"
    r"according\s+to|if\s+(?:the\s+)?(?:minutes|reports?|record|notes|sources?)\s+(?:is|are)\s+right)\b|\battrib\.",
    re.I)
UNSAID = re.compile(  # before the speaker's name, words that make the speech not happen: "Never did Jo say:", "At no
    # point did Jo say:", "Nobody heard Jo say:", "If Jo had said:", "Had Jo said “…”", "Did Jo really say “…”?"
    rf"{DOUBTED.pattern}|\b(?:never|nobody|no\s+one|not|nor|neither|nowhere|no\s+(?:point|time|stage)|if|unless|"
    r"whether)\b|^\s*(?:Had|Did|Does|Do|Would|Could|Should|Might)\s+$", re.I)
RELAYING_LINE = re.compile(rf",\s*(?:{PASSING_ON})\b")  # "— Jo, chair, quoting …", "— Jo, relaying a mother's words"
REPORTED_CLAUSE = re.compile(  # after "…,” Jo said", a clause with a subject of its own: "Jo said the letter read",
    # "Jo says her predecessor promised", "Jo said the union had": that subject's words, not Jo's
    r"^\s+(?:that\s+)?(?:the|a|an|her|his|their|its|our|my|one|this|these|those)\s+"
    r"(?!(?:next|following|same|last|day|week|month|year|morning|afternoon|evening|night|time)\b)"  # "the day the …"
    rf"(?:[\w’'-]+\s+){{0,3}}?"
    rf"(?:{VERB}|promise[sd]?|read|reads|vow(?:s|ed)|pledge[sd]?|claim(?:s|ed)|had|has|have|was|were|is|are|would|"
    r"will|could|did|does)\b")
SPEECH_AFTER = re.compile(  # words after a closing mark that say who spoke it: "…,” she said / said one porter
    rf"^[,.!?…]?\s*(?:[\w’'-]+\s+){{0,3}}?(?:{VERB}|tell|tells|told)\b")
NAMED_THING = re.compile(  # the quotation is the subject of what follows: "Jo said “…” was the programme's name",
    # "Jo explains that “…” means care at home", "Jo wrote that “…” had become the slogan"
    r"^(?:was|is|were|are|became|becomes|remained|remains|would be|will be|has been|had been|"
    r"(?:has|have|had) (?:now |since |quickly |soon )?become|means|meant|mean|stands for|stood for|refers to|"
    r"referred to|(?:came|comes|come) to mean|sums up|summed up|summarises|summarised|captures|captured)\b")
SAME_SUBJECT = re.compile(  # ", and added:", ", adding:", ", before adding:": the speaker goes on
    rf"\s*[,;]?\s*(?:(?:and|then|and then|before)\s+)?(?:also\s+)?(?:{VERB}|adding|continuing|going on)\s*[,:]?\s*")
NAME_LINE = re.compile(r"(?:\*\*)?([^*:\n]{2,80}?)(?:\*\*)?:?(?:\*\*)?")  # "**Jo Bloggs**", "Jo Bloggs:"
TURN = re.compile(r"\**(?P<name>[^:*“”\"]{2,80}?)\s*(?:\*\*\s*:|:\s*\*\*|:)")  # "Jo Bloggs:", "**Jo Bloggs:**"
NOT_SUBJECT = re.compile(  # "A spokesperson for Jo Bloggs said", "Responding to Jo Bloggs, the director said"
    r"\b(?:to|for|with|from|by|about|of|on|at|after|before|like|than|against|towards?|behind|under|via|alongside|"
    r"beside|between|among|including|unlike|into|onto|upon|over|through|without|within|during|near|and|or|nor|"
    r"the|a|an)\s+$", re.I)
COORDINATED = re.compile(  # "Cathy reflects on … and concludes that": the same subject, no clause in between
    r"(?:(?![,;:]|\b(?:that|who|which|whom|whose)\b).)*\sand\s+(?:also\s+)?"
)


SPEECH_NOUN = r"(?:verdict|view|reply|answer|response|message|advice|conclusion|summary|words|assessment)"
POSSESSIVE_LEAD = re.compile(rf"(?P<name>[^,:;“”\"]+?)(?:['’]s|(?<=s)['’])\s+(?:own\s+)?{SPEECH_NOUN}\s*:")
WHO_SAID = re.compile(rf",\s+who\s+(?:also\s+|then\s+)?{VERB}\s*[,:]?\s*$")
TOLD = re.compile(r"(?P<name>[^,:;“”\"]+?)\s+told\s+(?P<object>[^,:;“”\"]{2,60}?)\s*:")
STATEMENT_FROM = re.compile(  # "**Statement from Jo Bloggs, chair:**", "A message from Jo Bloggs:": a heading of their words
    r"(?:\*\*)?(?:(?:A|The)\s+)?(?:[Ss]tatement|[Mm]essage|[Cc]omment|[Rr]esponse|[Ff]oreword)\s+(?:from|by)\s+"
    r"(?P<name>[^,:;*“”\"]+?)(?:,[^:;*“”\"]{1,160})?\s*(?:\*\*\s*:|:\s*\*\*|:)")
ROLE_OPENING = re.compile(  # "The registered manager, " before "Jo Bloggs, told inspectors:": a post naming its holder
    r"(?:The|the|Our|our|Its|its|Their|their)\s+(?P<role>(?:[\w’'-]+\s+){0,5}?[\w’'-]+),\s+")
NOT_IN_ROLE = re.compile(  # a clause, or someone else's post ("The chair's deputy", "The nurse who met")
    rf"[’']s\b|\b(?:who|which|that|whom|whose|to|for|with|by|about|and|or|told|{VERB})\b", re.I)
CLAUSE_WORD = re.compile(  # the object of "told" going on as a clause: "told the board the porters had a slogan:"
    rf"\b(?:that|what|how|who|whom|which|why|when|about|by|of|had|has|have|was|were|is|are|would|will|could|can|"
    rf"did|does|do|{VERB})\b", re.I)
