"""Word lists and sentence templates for the synthetic scale corpus (benchmarks/scale_corpus.py).

Everything here is fictional: places, organisations, people and publishers are made up, so no
real leader is ever quoted. The lists are long enough, and combined freely enough, that the
corpus has a long tail of words (FTS5 and the vectors see a realistic spread, not a few hundred
terms repeated).
"""

from __future__ import annotations

PLACE_STARTS = (
    "Ash Bram Cal Dun Elm Fen Gal Hart Ilk Kel Lang Mar Nor Oak Pen Quarn Ros Stan Thorn Ul Ver Wal "
    "Whit Yar Bex Cran Dray Eld Frith Grim Hol Kirk Lyn Mel Ned Ock Pres Rad Sel Tad Wes Blen Cor "
    "Dal Ever Gos Hex Ivy Lud Mab Nant Or Pad Roth Sut Tam Wick Aln Bur Chel Dor"
).split()
PLACE_ENDS = "ford ley bridge ton wick moor field ham by worth stead dale mouth combe bury hurst".split()
ORG_KINDS = (
    "Hospitals NHS Foundation Trust", "Teaching Hospitals NHS Trust", "Community Healthcare NHS Trust",
    "Partnership NHS Foundation Trust", "Mental Health NHS Foundation Trust", "Care NHS Foundation Trust",
    "University Hospitals NHS Foundation Trust", "Ambulance Service NHS Trust", "Health and Care NHS Trust",
    "Integrated Care Board", "Primary Care Network", "Council",
)
SERVICE_AREAS = (
    "Acute", "Mental Health", "Community Services", "Elective Care", "Cancer", "Children's Services",
    "Diagnostics", "Learning Disability and Autism", "Urgent Care", "Maternity",
)
PUBLISHERS = (
    "Northbridge Health Policy Institute", "Collaborative Care Observatory", "Provider Learning Exchange",
    "Integrated Systems Review", "Healthcare Partnerships Forum", "Regional Improvement Network",
)
FIRST_NAMES = (
    "Aisha Alan Alice Amir Andrew Angela Anita Ben Bridget Caroline Catherine Chidi Chris Claire Colin "
    "Daniel David Deborah Declan Eleanor Emma Fatima Fiona Gareth Gemma Grace Hannah Harriet Helen Imran "
    "Isabel Jack James Jane Jasmine Jonathan Joseph Julia Karen Kate Kwame Laura Liam Lucy Mark Martin "
    "Mary Matthew Meera Michael Mohammed Nadia Naomi Neil Nicola Olivia Owen Patrick Paul Priya Rachel "
    "Rebecca Richard Rob Ruth Sam Sarah Sean Simon Sophie Stephen Susan Tariq Thomas Tom Usha Victoria "
    "Wendy William Yasmin Zara Adebayo Bronwen Ciaran Deepa Eilidh Farhan Gwen Hamid Ifeoma Joanna"
).split()
LAST_NAMES = (
    "Abbott Adeyemi Ahmed Akhtar Baker Banerjee Barnes Bell Bennett Bishop Booth Bradley Brennan Brooks "
    "Burke Campbell Carter Chapman Chaudhry Clarke Coleman Collins Cooper Cunningham Davies Dawson Dixon "
    "Doyle Edwards Ellis Evans Farrell Fisher Fleming Fletcher Ford Foster Francis Gallagher Gill Gordon "
    "Graham Grant Gray Green Griffiths Hall Hamilton Harris Hart Hayes Henderson Hill Holmes Hughes Hussain "
    "Iqbal Jackson James Jenkins Johnson Jones Kaur Kelly Kennedy Khan King Knight Lambert Lawrence Lee "
    "Lewis Lloyd Macdonald Malik Marsh Marshall Mason Matthews McCarthy Mensah Mitchell Moore Morgan Morris "
    "Murphy Murray Nash Newton Nolan Norris Obi Okafor O'Brien O'Connor Owen Palmer Parker Patel Pearson "
    "Phillips Powell Price Quinn Rahman Reid Reynolds Richards Roberts Robinson Rogers Ross Russell Scott "
    "Shah Sharma Shaw Simpson Singh Slater Smith Spencer Stevens Stewart Sullivan Taylor Thomas Thompson "
    "Turner Wallace Walsh Ward Watson Webb Wells White Wilkinson Williams Wilson Wood Wright Young"
).split()
ROLES = (
    "Chief executive", "Chair", "Medical director", "Chief nurse", "Director of strategy",
    "Programme director", "Clinical director", "Director of operations", "Chief operating officer",
    "Director of finance", "Director of people", "Associate director of transformation",
    "Head of partnerships", "Consultant psychiatrist", "Consultant physician", "Lead nurse",
    "Service manager", "Director of integration", "Non-executive director", "Expert by experience",
)
SERVICES = (
    "stroke services", "maternity care", "elective orthopaedics", "community diagnostic centres",
    "pathology networks", "imaging services", "children and young people's mental health services",
    "adult eating disorder services", "forensic mental health services", "learning disability services",
    "urgent and emergency care", "ambulance handovers", "virtual wards", "hospital discharge",
    "frailty services", "dermatology", "ophthalmology", "cancer pathways", "endoscopy", "audiology",
    "cardiology", "respiratory care", "diabetes care", "musculoskeletal services", "vascular surgery",
    "neonatal care", "paediatric surgery", "specialist rehabilitation", "perinatal mental health",
    "psychiatric intensive care", "community nursing", "district nursing", "palliative and end of life care",
    "sexual health services", "pharmacy services", "estates and facilities", "procurement", "digital records",
    "shared care records", "clinical coding", "bank and agency staffing", "recruitment", "occupational health",
    "theatre scheduling", "outpatient follow-up", "waiting list validation", "patient transport",
    "mental health crisis lines", "home first pathways", "care home support", "falls prevention",
    "renal dialysis", "haematology", "urology", "gynaecology", "ear, nose and throat services",
    "breast screening", "bowel screening", "genomic testing", "sickle cell services", "health visiting",
    "school nursing", "speech and language therapy", "physiotherapy", "wheelchair services",
    "autism assessment", "memory clinics", "addiction services", "homeless health services",
)
ACTIONS = (
    "redesign", "standardise", "share the running of", "pool the budgets for", "bring together",
    "review", "expand", "reconfigure", "jointly commission", "consolidate", "move into the community",
    "digitise", "benchmark", "co-design with patients", "create a single waiting list for",
    "agree common protocols for", "set up a shared rota for", "invest in", "evaluate", "scale up",
    "pilot a new model of", "align the clinical pathways of", "transfer the management of",
    "build a network around", "improve access to", "reduce variation in", "streamline referrals into",
)
OUTCOMES = (
    "cut waiting times by {pct}%", "reduced out-of-area placements by {pct}%", "freed {num} bed days a year",
    "lowered agency spending by {pct}%", "brought length of stay down by {days} days",
    "halved the number of cancelled operations", "saved {money} in the first year",
    "improved staff survey scores", "raised patient satisfaction to {pct}%", "reduced readmissions by {pct}%",
    "eased pressure on emergency departments", "shortened the time to diagnosis by {weeks} weeks",
    "kept {num} people out of hospital", "recruited {num} extra nurses", "filled {pct}% of vacant shifts",
    "made care safer and more consistent", "gave patients one point of contact",
    "closed a long-standing gap in provision", "improved retention of junior doctors",
)
CHALLENGES = (
    "a history of competition between the trusts", "different financial positions", "incompatible IT systems",
    "workforce shortages", "unclear accountability", "fear of losing local identity", "duplicated governance",
    "mistrust between clinical teams", "pressure from winter demand", "a lack of programme capacity",
    "limited data sharing", "differing cultures", "the pace of national policy change", "rising demand",
    "tight capital budgets", "long travel distances for patients", "resistance from some consultants",
    "fragmented commissioning", "inconsistent clinical standards", "poor estates",
)
GOVERNANCE = (
    "a committee in common", "a joint committee", "a lead provider model", "a memorandum of understanding",
    "a collaborative agreement", "a joint investment fund", "a shared programme board",
    "a clinical reference group", "a single operating model", "a rotating chair",
    "delegated authority from each board", "a risk and gain share agreement", "an open book approach to finances",
    "a joint executive group", "a provider partnership board", "shared key performance indicators",
)
GROUPS = (
    "patients", "carers", "families", "local communities", "service users", "people with lived experience",
    "staff", "clinicians", "volunteers", "young people", "older people", "people with learning disabilities",
)
STAFF = (
    "nurses", "consultants", "junior doctors", "allied health professionals", "therapists", "paramedics",
    "pharmacists", "healthcare assistants", "managers", "porters", "administrators", "social workers",
)
ADVERBS = (
    "quickly", "gradually", "deliberately", "openly", "carefully", "steadily", "jointly", "patiently",
    "consistently", "visibly", "early", "repeatedly", "honestly", "pragmatically", "explicitly",
)
ADJECTIVES = (
    "practical", "ambitious", "modest", "difficult", "honest", "shared", "clear", "collective", "local",
    "regional", "sustainable", "measurable", "realistic", "bold", "informal", "formal", "transparent",
)
TIMES = (
    "in the first year", "over eighteen months", "during the pandemic", "before the winter", "within six months",
    "from the outset", "after two years", "as the partnership matured", "in its early days", "last spring",
)
SECTION_HEADINGS = (
    "Background", "Setting up the collaborative", "Why we came together", "What we did", "Governance",
    "Building trust", "Clinical leadership", "Involving patients and carers", "Workforce",
    "Finance and investment", "Data and digital", "Results so far", "What we learned", "Challenges",
    "Next steps", "Advice for others", "Measuring impact", "Sustaining the change",
)
QUESTION_STARTS = (
    "How did", "How have", "What helped", "Who led", "Why did", "What did others learn when",
)

SENTENCES = (
    "{org} worked with {org2} to {action} {service}, which {outcome}.",
    "The partners agreed {gov} {time}, so that decisions about {service} could be made together.",
    "{first} explains that {challenge} had to be tackled {adv} before anything else could change.",
    "Leaders at {org} set out a {adj} plan to {action} {service} across {place}.",
    "By involving {group} {time}, the collaborative was able to {action} {service} and {outcome}.",
    "One lesson was that {enabler} matters more than structures such as {gov}.",
    "Teams of {staff} and {staff2} from {org} and {org2} now share a single rota.",
    "The programme {outcome} {time}, although {challenge} slowed progress at first.",
    "{speaker}, chaired the group that decided to {action} {service}.",
    "Partners in {place} were open about {challenge} {time}, which helped build {enabler}.",
    "A {adj} approach to {enabler} meant that {group} could see what was changing and why.",
    "The {collab} used {gov} to give clinicians a clear route to {action} {service}.",
    "Data shared between {org} and {org2} showed that {service} varied widely across {place}.",
    "{time_cap}, the trusts invested in programme capacity to {action} {service}.",
    "Staff said that {enabler} and time spent together made the difference.",
    "The board of {org} delegated authority so that {gov} could {action} {service}.",
    "Working with {group}, clinicians in {place} redesigned {service} and {outcome}.",
    "It took {adv} built relationships to overcome {challenge} and {challenge2}.",
    "The collaborative now reports shared measures for {service} and {service2} to each board.",
    "{first} and colleagues {adv} tested the new model of {service} in {place} {time}.",
    "Without {enabler}, the partners believe {challenge} would have stalled the work on {service}.",
    "Regular clinical summits brought {staff} together to agree how to {action} {service}.",
    "The evaluation found the changes {outcome} and {outcome2}.",
    "Funding from {org} allowed the partnership to {action} {service} {time}.",
    "Each trust kept its own identity while {gov} handled the shared work on {service}.",
)
QUOTES = (
    "We learned that {enabler} is not something you can rush. It comes from turning up, being honest about "
    "{challenge} and doing what you said you would do.",
    "The moment things changed was when our {staff} started designing {service} together rather than "
    "defending their own patch. That gave the boards the confidence to agree {gov}.",
    "If I had one piece of advice it would be to invest in {enabler} early. We underestimated how much time "
    "it takes, and {challenge} nearly cost us a year.",
    "Patients do not care which organisation runs {service}. They care that it works, and that is what "
    "brought {org} and {org2} to the same table.",
    "We had {challenge}, and we still do in places. But we agreed {gov}, we kept talking, and we "
    "{outcome} {time}.",
    "Our {group} told us plainly what was not working in {service}. Listening to them was uncomfortable, "
    "but it was the single most useful thing we did.",
)
INLINE_QUOTES = (
    "“We simply could not have changed {service} on our own,” says {speaker}.",
    "“It was {enabler} that made the difference,” explains {speaker}.",
)
TAILS = (  # clauses that lengthen a sentence to the corpus's usual 20-30 words
    ", with support from {org}", ", working closely with {group} and {staff}", ", according to {first}",
    ", because {challenge} made the old arrangements hard to sustain", " across {place} and beyond",
    ", building on earlier work on {service2}", ", and the boards of each trust signed it off {time}",
    ", despite {challenge2}", ", which {group} had asked for", ", led by a {adj} group of {staff}",
)
