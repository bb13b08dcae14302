"""Issue 9's quotation promise on documents that are not in the bundled corpus: the adversarial set
(tests/data/quotes_adversarial/, hand-labelled in tests/data/quotes_adversarial.yaml) added to a copy
of the bundled corpus, a Word file imported with `peerbot import`, and every rendering read back
through the real code paths: `peerbot ask` (text and `--json`), `peerbot enabler NAME` (text and
`--json`), `peerbot digest --preview` (text and `--json`), `peerbot contacts`, the Slack app over HTTP
(signed `/peer` and `/enabler` commands, replies caught by the Slack double), and Teams cards.

A violation is a person shown with words that are not, whole word for whole word, inside one of their
own labelled quotations (editorial text or someone else's words in their marks, a quotation with no
clear speaker credited to someone, a quotation cut mid-word), or doubled quotation marks."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adversarial_round_eight import REVIEWED_PEOPLE as ROUND_EIGHT_PEOPLE
from adversarial_round_eight import write_annual_report as write_annual_report_eight
from adversarial_round_eight import write_board_paper as write_board_paper_eight
from adversarial_round_eighteen import REVIEWED_PEOPLE as ROUND_EIGHTEEN_PEOPLE
from adversarial_round_eighteen import write_pdf_role_lines as write_pdf_role_lines_eighteen
from adversarial_round_eighteen import write_word_initials
from adversarial_round_nine import REVIEWED_PEOPLE as ROUND_NINE_PEOPLE
from adversarial_round_nine import write_cancer_review, write_dentistry_paper
from adversarial_round_nineteen import REVIEWED_PEOPLE as ROUND_NINETEEN_PEOPLE
from adversarial_round_nineteen import write_pdf_page_break, write_word_cells
from adversarial_round_seven import REVIEWED_PEOPLE as ROUND_SEVEN_PEOPLE
from adversarial_round_seven import write_annual_review, write_board_paper
from adversarial_round_seventeen import REVIEWED_PEOPLE as ROUND_SEVENTEEN_PEOPLE
from adversarial_round_seventeen import write_pdf_role_lines, write_word_tracked
from adversarial_round_sixteen import REVIEWED_PEOPLE as ROUND_SIXTEEN_PEOPLE
from adversarial_round_sixteen import write_pdf_page_breaks, write_word_page_breaks
from adversarial_round_ten import REVIEWED_PEOPLE as ROUND_TEN_PEOPLE
from adversarial_round_ten import write_slide_deck
from adversarial_round_twenty import REVIEWED_PEOPLE as ROUND_TWENTY_PEOPLE
from adversarial_round_twenty import write_pdf_interview, write_word_interview
from adversarial_round_twenty_one import REVIEWED_PEOPLE as ROUND_TWENTY_ONE_PEOPLE
from adversarial_round_twenty_one import write_pdf_interview_boxes, write_word_tables
from quote_oracle import gold, normal, who
from test_quote_invariants import Shown, from_json, from_slack, from_teams, from_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "quotes_adversarial"
GOLD = ROOT / "tests" / "data" / "quotes_adversarial.yaml"
QUESTIONS = (
    "How did trusts pool theatre waiting lists through mutual aid?",
    "How did two boards come to share one waiting list?",
    "What did the staff bank and theatre rota change for nurses?",
    "How did the community bed bureau improve patient flow?",
    "What did carers say about being moved between community beds at night?",
    "How did the bed bureau huddle build trust between teams?",
    "What was the aim of one bed base for the whole of Westmoor?",
    "How did practices share staff in a primary care hub?",
    "How did the hub cut waits for routine appointments?",
    "What motto did the Southdown hub have for every patient from the first week?",
    "How did an urgent care hub cut ambulance handover delays?",
    "How did a crisis line join up out-of-hours mental health teams?",
    "What did the regulator and the auditor say about the pooled lists?",
    "How did a shared discharge team cut discharge delays across two community trusts?",
    "How did the stroke network agree one thrombolysis protocol across both hyperacute units?",
    "Who owned the stroke pathway when the two thrombolysis rotas were merged?",
    "What did therapy staff say about the stroke rota changes?",
    "What did the stroke network chair say about thrombolysis times and the stroke board?",
    "How did the thrombectomy service at Hillbrook run around the clock?",
    "What slogan did the stroke therapy campaign print on every ward?",
    "How did the stroke nurses rotate between the hyperacute units in the first year?",
    "How did ward sisters build trust across the stroke network?",
    "How did the maternity voices partnership help families be heard?",
    "What did families say about the induction leaflet and the night on the labour ward?",
    "How did the shared maternity dashboard end the arguments between the boards?",
    "How did listening to maternity families build trust between the boards?",
    "How did the virtual ward monitor patients overnight across three trusts?",
    "How did the virtual ward free up hospital beds over the winter?",
    "How did the community diagnostic centre keep one booking list for scans?",
    "How quickly did the diagnostic centre book urgent scans and routine scans?",
    "How did hospital at home treat older patients in their own beds instead of a trolley?",
    "How fast did the hospital at home team see referrals from the ambulance service?",
    "How did the cancer alliance boards build trust by publishing their cancer waiting times?",
    "How did the cancer alliance choose its structure after agreeing its purpose?",
    "How did the elective hub pool hip and knee lists across three trusts?",
    "What did theatre matrons and nurses say about the elective hub?",
    "How did Westbury share one community nursing caseload across the borough?",
    "What did district nurses say about the joint caseload and the evening visits?",
    "How did Eastleigh and Fernhill share one midwifery rota across both labour wards?",
    "How did the crisis café stay open every evening for people in crisis?",
    "How did Oakfield merge two urgent treatment centres with clinical streaming?",
    "How did the Stanmoor frailty unit keep older people out of a hospital bed?",
    "How did the Harrowgate virtual respiratory service care for COPD patients at home?",
    "How did the Eastmoor diabetes footcare pathway share one podiatry caseload?",
    "How did two hospices merge their night teams into one palliative care night service?",
    "How did ambulance liaison officers cut handover delays at the hospital front door?",
    "How did the Hollins shared pharmacy hub dispense medicines for four hospitals?",
    "How did three trusts pool hip and knee waiting lists in one orthopaedic hub?",
    "What did the orthopaedic consultants and theatre nurses say about the shared theatre rota?",
    "How did Westmere share one district nursing caseload and the evening visits?",
    "What did GPs and patients say about the joint district nursing caseload?",
    "How did the Kenmore same day emergency care unit stay open until ten?",
    "How did Northdale merge its therapy teams onto one home visit waiting list and booking system?",
    "Who was nominated for the Northdale therapies staff awards, and what was the board's verdict?",
    "How did the Carrowby paediatric audiology network share one booth rota for newborn hearing tests?",
    "What did parents and the head of audiology say about newborn hearing follow-up waits?",
    "How did teledermatology triage of skin lesion photographs replace outpatient clinics in Ashdown?",
    "What did the dermatology nurses say about photography training for teledermatology?",
    "How did the Penhallow eating disorders provider collaborative bring out-of-area placements home?",
    "What did the chief nurse say about refeeding and dietitians on eating disorders wards?",
    "How did Fenmoor merge its intravitreal injection clinics for wet macular degeneration?",
    "What did the optometrists and the chair say about optometrists giving injections?",
    "How did Quayle pool its wheelchair services into one wheelchair waiting list?",
    "How did Trewin merge its endoscopy units and bowel screening list with nurse endoscopists?",
    "How did Hartwell merge its sexual health clinics with one booking line and online testing kits?",
    "How did Brackenshire share satellite dialysis units and one dialysis rota across two trusts?",
    "What did dialysis patients and the renal dietitians say about taxis and twilight dialysis?",
    "How did Calderside form one vascular network with an arterial hub for vascular surgery?",
    "What did partners and ward staff say about the arterial hub and night transfers?",
    "How did Ellerby run four neonatal units as one network with one transport cot and cot bureau?",
    "What did the neonatal chief executives and parents say about cot capacity?",
    "How did Wyvern merge urology services into one kidney stone pathway and lithotripsy?",
    "How did Marrowdale bring people with a learning disability home from out-of-area placements?",
    "How did Harnley run one musculoskeletal physiotherapy front door with one referral list?",
    "How did Tamsworth run one community paediatrics waiting list for autism assessments?",
    "How did the Wexham pathology network merge three laboratories into one hub laboratory?",
    "What did the doubters say about the pathology hub laboratory and the microbiology site?",
    "How did Sandmere run lung health checks from a mobile CT scanner truck?",
    "How did Kelworth run one front door for children's speech and language therapy referrals?",
    "What did parents, health visitors and GPs say about the speech therapy front door?",
    "What did leaders of the Tollbridge mental health provider collaborative learn in its first year?",
    "How did the Brookhaven falls response car help older people who fall at home?",
    "How did Ridgemoor share one special care dentistry waiting list for general anaesthetic?",
    "How did the Ashcombe cancer alliance share one patient tracking list for faster diagnosis?",
    "How did Lowbridge book two hydrotherapy pools from one timetable?",
    "What did Mrs A say about being moved between community rehabilitation wards at night?",
    "How did Fernbrook run one tissue viability service for leg ulcers and evening wound clinics?",
    "What did the evaluation of the Holmdale joint frailty unit find about the consultant rota?",
    "How did Glanrhyd join its children's physiotherapy teams onto one waiting list?",
    "How did Carnford run one musculoskeletal front door with advanced practitioners?",
    "What did inspectors find about the Harbury two-hour urgent community response hub?",
    "How did the Tavistone partnership board put every cataract patient on one waiting list?",
    "How did Brightwater and Lenham run one breast screening service with mobile screening units?",
    "How did the children's epilepsy nurse network share one epilepsy advice line across the border?",
    "How did Pennick pharmacies check blood pressure for the practices without repeating readings?",
    "How did Selbury and Northway share one sickle cell day unit for pain crises?",
    "How did the Harrowgate joint frailty unit share one geriatrician on-call rota?",
    "How did Dunmere pool clinical pharmacists and one repeat prescribing policy across three networks?",
    "Who carries the clinical risk when an elective patient transfers between trusts?",
    "How did the Elmfield hospice at home night service help people die at home?",
    "How did the Bro Teifi stroke partnership share one stroke therapy rota?",
    "Is the Westbridge and Ashford hospital merger cutting hip replacement waits?",
    "How did Caldermoor and Penhallow triage every spinal referral through one hub?",
    "How did the Severnvale lung cancer pathway get patients a CT scan within three days?",
    "How did the Ashvale perinatal mental health team keep mothers from the first scan to the first birthday?",
    "How did the Eastmarsh urgent community response cover every postcode at night?",
    "How did the Brackenford discharge team get patients home by lunchtime?",
    "How did the Kestrelford renal network make its kidney transplant waiting list fair for patients?",
    "How did the Marlowe early supported discharge team get stroke patients home sooner?",
    "How did the Dyfnant diabetes network run one clinic list for footcare and insulin?",
    "How did the Wenbury maternity triage line answer every call within a minute?",
    "How did Ashgrove staff evening community nursing visits from one rota and one staff bank?",
    "How did Cairnmore move its inpatient mental health beds one ward at a time?",
    "How did the Harrowby place partnership pool one budget for health and the council?",
    "How did the Polwithen urgent treatment centre stop patients waiting on trolleys?",
    "Is Bramley ward closing, and how is the community hospital night rota shared?",
    "How did the Thornbury elective hub plan to clear the two-year waits?",
    "How did the Lindenmoor frailty virtual ward measure what matters to families?",
    "How did the Carrick cancer network give every patient a named nurse by the second week?",
    "How did the Fellbrook nursing rotation keep newly qualified nurses in the county?",
    "How did the Kelderby hip fracture unit make sure nobody went home without a falls plan?",
    "How did the Harbourside sexual health clinics share one booking line and online testing kits?",
    "How did the Bro Derwen stroke network publish door-to-needle times and share one therapy rota?",
    "How did the Dunholme pharmacy hub dispense medicines for four hospitals and cut missed doses?",
    "How did the Penrose induction suite cut the wait for induction of labour?",
    "How did Bro Tawe and Glenmorven run one rural clinic list for village and island practices?",
    "How did the Ravensholm discharge hub get patients home on the day they were medically fit?",
    "How did the Ravensmoor frailty same-day service share one geriatrician rota across two hospitals?",
    "How did the Calderbrook elective hub pool hip and knee waiting lists into one list?",
    "How did the Ashmoor cancer alliance move its rapid diagnostic clinic into the community?",
    "How did Kestrelmoor ambulance crews cut handover waits with a cohort bay at Kestrelmoor General?",
    "How did Ashdown GP practices send skin lesion photographs to the teledermatology hub?",
    "How did Penwithen open one induction of labour suite for the county, and who staffs it at night?",
    "How did the Halloway crisis café give people one front door at night with peer workers?",
    "How did the Wyvern kidney stone clinic run one list and a lithotripsy unit for the county?",
    "How did Gwynfor district nurses share one evening caseload and one evening number?",
    "How did Brackwater keep its community beds open through the winter with a bed bureau?",
    "How did the Glaslyn stroke network run one thrombectomy rota across three units?",
    "How did Marlow Vale run one pulmonary rehabilitation waiting list with classes in leisure centres?",
    "How did Westholm district nurses run evening visits at home until midnight from one rota?",
    "How did the Carnford hearing service cut the wait for a hearing aid fitting with one waiting list?",
    "How did Tollcross orthoptists screen every reception class for squint and lazy eye?",
    "How did the Harlow Fen sleep service send sleep apnoea patients home with a study kit?",
    "How did Fernmoor midwives give each woman the same continuity of carer team from booking to birth?",
    "How did Bramblecote therapists see stroke patients at home the day after early supported discharge?",
    "How did Ashbury get discharge prescriptions ready within two hours from one pharmacy hatch?",
    "How do Pellmarsh virtual wards watch heart failure patients at home from a hub?",
    "How did Lowfield district nurses share one caseload and one evening rota across the borough?",
    "What did patients and carers say about evening district nursing visits in Lowfield?",
    "How did Ashcombe stream ambulance patients at the urgent treatment centre front door?",
    "How did Harrowby Hospice run one palliative night service with one phone number for families?",
    "How did Kestrelford join its podiatry teams into one diabetes footcare caseload?",
    "How did Kelmarsh bring three community mental health teams behind one front door?",
    "What did peer support workers and nurses say about the Kelmarsh front door and the duty rotas?",
    "How did Wrenford council and the trust pool one budget for a reablement team?",
    "What did the councillor and the MP say about Wrenford reablement and falls admissions?",
    "How did Thornleigh's two maternity units share one triage line and one midwifery rota?",
    "How did the Brinmoor stroke network share one thrombolysis rota and one bed board?",
)
ENABLERS = ("building-trust", "clinical-leadership", "shared-ambitions", "form-follows-function")
_DOUBLED = ("““", "””", "“\"", "\"”", "‘‘", "’’")


@dataclass
class Report:
    """What the checks read, by surface, and what they found wrong."""

    pairs: dict[str, int] = field(default_factory=dict)  # surface -> (words, person) pairs shown
    violations: list[str] = field(default_factory=list)
    contact_quotes: int = 0  # `ask --json` contacts shown with a quotation
    repeated: list[str] = field(default_factory=list)  # …that the snippets above already show

    def add(self, surface: str, shown: Shown) -> None:
        self.pairs[surface] = self.pairs.get(surface, 0) + len(shown.pairs)
        self.violations += problems(shown, surface)

    def check(self, surface: str, read: Callable[[], Shown]) -> None:
        try:
            self.add(surface, read())
        except AssertionError as e:  # a reader's own check (a contact's reason holding quotation marks)
            self.pairs.setdefault(surface, 0)
            self.violations.append(f"{surface}: {e}")


def quotations() -> tuple[dict, ...]:
    """The bundled corpus's labelled quotations and the adversarial set's."""
    return gold() + gold(GOLD)


def said_by(words: str, name: str, document: str | None = None) -> bool:
    """Whether `words` are whole words inside one of `name`'s own labelled quotations (of `document`, when
    given), and not wholly inside words labelled `nested` that someone else (or no one) said."""
    wanted = f" {normal(words)} "
    mine = [q for q in quotations() if document is None or q.get("document") == document]
    return wanted.strip() != "" and any(
        q["speaker"] and who(q["speaker"]) == who(name) and wanted in f" {normal(q['words'])} " for q in mine
    ) and not any(q.get("nested") and who(q["speaker"]) != who(name) and wanted in f" {normal(q['words'])} "
                  for q in mine)


def documents_own_credit(words: str, name: str) -> bool:
    """Whether a rendering's “words” then "— name" is the document's own text, shown as it is: a
    quotation the document credits to a post, not a person ("— Clinical Director, Ashby Hospitals"),
    which the text surfaces show as editorial text with its own marks and line. Such words have no
    labelled speaker, and `name` is no labelled person (the parser and `--json` never credit them)."""
    wanted = f" {normal(words)} "
    people = {who(q["speaker"]) for q in quotations() if q["speaker"]}
    return who(name) not in people and any(not q["speaker"] and wanted in f" {normal(q['words'])} " for q in quotations())


def problems(shown: Shown, surface: str) -> list[str]:
    """Words credited to someone who did not say them; doubled marks; a credit line ("— Name, …")
    under words that close with a straight mark (a quotation ending in a quotation, shown without
    its own marks)."""
    rendered = [] if "--json" in surface else shown.strings  # JSON adds no marks; its `text` is the corpus's own
    found = [f"{surface}: {name} credited with {words!r}" for words, name in shown.pairs
             if not said_by(words, name) and not (rendered and documents_own_credit(words, name))]
    found += [f"{surface}: doubled marks in {text[:120]!r}" for text in rendered if any(d in text for d in _DOUBLED)]
    for before, text in zip([""] + rendered, rendered):
        credited = [m.group(1) for m in re.finditer(r"([^\n]*)\n[ \t>]*— ", text)]
        credited += [before] if text.startswith("— ") else []
        found += [f"{surface}: a credit under a quotation that lost its own marks: {words[-80:]!r}"
                  for words in credited if words.rstrip().endswith('"')]
    return found


def write_docx(path: Path) -> None:
    """A Word briefing: a Quote paragraph with its attribution, one without, an editorial paragraph
    quoting a phrase after naming someone, an inline quotation, and an Intense Quote with its
    attribution after a line break."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Mental health crisis lines in Hillside: a Word briefing"
    document.add_heading("Mental health crisis lines in Hillside: a Word briefing", 0)
    document.add_heading("One number for a crisis", 1)
    document.add_paragraph("The Hillside crisis line joined up three trusts’ out-of-hours mental health teams.")
    document.add_paragraph("“Callers no longer had to know which trust covered their street before they got help.”",
                           style="Quote")
    document.add_paragraph("— Rachel Ward, Crisis line manager, Hillside Mental Health NHS Trust", style="Quote")
    document.add_paragraph("The crisis line staff rota was shared by all three trusts from the first night.")
    document.add_paragraph("“The crisis line is the front door the whole system should have had years ago.”",
                           style="Quote")
    document.add_paragraph("The crisis line team, led by Rachel Ward, used what staff called “the no wrong door "
                           "promise for every single caller”.")
    document.add_heading("Out-of-hours teams", 1)
    document.add_paragraph("“We answered ninety per cent of calls within a minute by the spring,” said Ben Cole.")
    run = document.add_paragraph(style="Intense Quote").add_run(
        "“Nobody was turned away because of a postcode or a boundary.”")
    run.add_break()
    run.add_text("— Ben Cole, Clinical lead, Hillside Mental Health NHS Trust")
    document.save(str(path))


def write_docx_lead_in(path: Path) -> None:
    """A second Word file in another house style: the speaker named in the paragraph before a Quote
    paragraph, a pull quote (Intense Quote) repeating an attributed quotation just before another
    person's Quote, a role-only attribution, and "she added" after a line break."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Community diagnostic centres in Ashby: a Word case study"
    document.add_heading("Community diagnostic centres in Ashby: a Word case study", 0)
    document.add_heading("One booking list for scans", 1)
    document.add_paragraph("The Ashby community diagnostic centre took referrals from four trusts.")
    document.add_paragraph("Laura Finch, programme director for the diagnostic centre, said:")
    document.add_paragraph("Every scan request from the four trusts now lands on one diagnostic booking list.",
                           style="Quote")
    document.add_paragraph("“Radiographers from every trust work the same diagnostic rota at the centre,” says "
                           "Laura Finch. She chaired the diagnostic board for two years.")
    document.add_paragraph("“Radiographers from every trust work the same diagnostic rota at the centre.”",
                           style="Intense Quote")
    document.add_paragraph("“The diagnostic centre cut the wait for a routine scan to under two weeks.”",
                           style="Quote")
    document.add_paragraph("— Dr Tom Grey, Medical director, Ashby Hospitals NHS Trust", style="Quote")
    document.add_paragraph("The centre’s reporting backlog was cleared by the spring.")
    document.add_paragraph("“Reporting radiologists from all four trusts now share one diagnostic worklist.”",
                           style="Quote")
    document.add_paragraph("— Clinical Director, Ashby Hospitals NHS Trust", style="Quote")
    paragraph = document.add_paragraph()
    run = paragraph.add_run("“The centre booked every urgent diagnostic scan within forty-eight hours,”")
    run.add_break()
    run.add_text("she added.")
    document.save(str(path))


def write_pdf(path: Path) -> None:
    """A PDF report (reportlab): a quotation wrapped over several lines with its attribution on the
    next line, a boxed pull quote repeating an attributed quotation, and a speaker named before a
    quotation in a paragraph of its own."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=8)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=20, leading=24, spaceAfter=14)
    head = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=6)
    italic = ParagraphStyle("quote", fontName="Helvetica-Oblique", fontSize=11, leading=15)
    name = "Hospital at home in Marlow Vale: a PDF report"
    box = Table([[Paragraph("“Hospital at home meant older patients were treated in their own beds, not on a "
                            "trolley in a corridor.”", italic)]])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, "#005EB8")]))
    flowables = [
        Paragraph(name, title),
        Paragraph("One hospital at home service", head),
        Paragraph("The hospital at home service in Marlow Vale was run jointly by two trusts and the county "
                  "council from its first week.", body),
        Paragraph("“Hospital at home meant older patients were treated in their own beds, not on a trolley in a "
                  "corridor, and the two trusts shared every hospital at home nurse from the first week of the "
                  "service,” says Dr Nina Ross, geriatrician at Marlow Vale Hospitals NHS Trust.", body),
        Spacer(1, 6), box, Spacer(1, 12),
        Paragraph("Dr Nina Ross, geriatrician, said:", body),
        Paragraph("“The hospital at home team saw every referral from the ambulance service within two hours.”",
                  body),
        Paragraph("“Hospital at home is safer for frail patients than a night on a ward,” one paramedic told the "
                  "review. Dr Nina Ross chaired the review.", body),
    ]
    SimpleDocTemplate(str(path), pagesize=A4, title=name, author="Adversarial Test Press", invariant=1).build(flowables)


def write_docx_round_three(path: Path) -> None:
    """A third Word file (round three): a table with a speaker column, a Q&A transcript, "told the
    board:" before a Quote paragraph, a role-only Quote whose post a named person holds, a Quote
    with a kicker line before it, and "wrote in the annual report:"."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Urgent treatment centres in Oakfield: a Word case study"
    document.add_heading("Urgent treatment centres in Oakfield: a Word case study", 0)
    document.add_heading("What staff told the evaluation", 1)
    document.add_paragraph("Two trusts in Oakfield merged their urgent treatment centres into one service in 2025.")
    table = document.add_table(rows=4, cols=2)
    for row, (speaker, comment) in zip(table.rows, (
            ("Speaker", "Comment"),
            ("Peter Lang", "“Both urgent treatment centres now work from one clinical streaming protocol.”"),
            ("Dr Ifeoma Obi", "“The GP streaming at the front door halved the waits for minor injuries.”"),
            ("Receptionist, Oakfield UTC", "“Patients stopped asking which hospital they were in.”"))):
        row.cells[0].text, row.cells[1].text = speaker, comment
    document.add_heading("An interview with the clinical lead", 1)
    document.add_paragraph("Q: Why merge two urgent treatment centres that were both meeting their targets?")
    document.add_paragraph("A: “Because patients were choosing between them by guesswork, and the sicker ones "
                           "often guessed wrong.”")
    document.add_paragraph("Q: Peter Lang called the merger “the easiest decision the two boards ever made”. Was it?")
    document.add_paragraph("A: “It was easy for the boards. It was hard for the nurses who changed their rotas.”")
    document.add_heading("The board and the annual report", 1)
    document.add_paragraph("Peter Lang told the board:")
    document.add_paragraph("“The single urgent treatment centre rota has cut our locum spending by a third.”",
                           style="Quote")
    document.add_paragraph("Dr Ifeoma Obi is the medical director of Oakfield Hospitals NHS Trust.")
    document.add_paragraph("“Clinical streaming is the reason the urgent treatment centre is safe at night.”",
                           style="Quote")
    document.add_paragraph("— Medical Director, Oakfield Hospitals NHS Trust", style="Quote")
    document.add_paragraph("From the chief executive’s foreword", style="Quote")
    document.add_paragraph("“Oakfield has one urgent treatment centre now, and nobody wants to go back to two.”",
                           style="Quote")
    document.add_paragraph("— Peter Lang, Chief executive, Oakfield Hospitals NHS Trust", style="Quote")
    document.add_paragraph("Dr Ifeoma Obi wrote in the annual report: “Streaming every patient at the front door "
                           "was the single biggest change to urgent care in Oakfield.”")
    document.save(str(path))


def write_pdf_round_three(path: Path) -> None:
    """A third PDF (round three), an annual report: quotations broken over lines (one at a hyphen),
    a quotation over two paragraphs closed with "said Name", "told the board:" before a quotation
    paragraph, a role-only quotation after the post holder is named, a nested quotation, and a
    programme title in quotation marks."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=8)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=20, leading=24, spaceAfter=14)
    head = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=6)
    name = "Frailty services in Stanmoor: an annual report"
    flowables = [
        Paragraph(name, title),
        Paragraph("A year of joint frailty services", head),
        Paragraph("The Stanmoor frailty service brought two trusts’ frailty units, community teams and the "
                  "ambulance service together under one clinical lead in its first year of joint working.", body),
        Paragraph("“The joint frailty unit now assesses every older patient within an hour of arrival, and "
                  "self-referral from care homes goes straight to the frailty team instead of the emergency "
                  "department,” said Dr Yusuf Adeyemi, clinical lead for frailty at Stanmoor Hospitals NHS Trust.",
                  body),
        Paragraph("Kate Brennan told the board:", body),
        Paragraph("“Frailty is where the two trusts learned to trust each other’s clinical judgement first.”", body),
        Paragraph("Dr Yusuf Adeyemi was appointed medical director in the spring. “The frailty unit has kept "
                  "more than a thousand older people out of a hospital bed this year,” the medical director said.",
                  body),
        Paragraph("“We began with two frailty units that had never shared a patient, a rota or a policy.", body),
        Paragraph("“By the winter the two units were one team with one consultant rota and one front door,” "
                  "said Kate Brennan, chair of the Stanmoor frailty board.", body),
        Paragraph("Kate Brennan said: “A daughter wrote to the board: ‘My father came home the same day, and "
                  "for the first time nobody asked him to repeat his history.’ We read that letter at every "
                  "board meeting.”", body),
        Paragraph("The programme, “Home First: Getting Frail Patients Home Within a Day”, was launched by "
                  "Kate Brennan in March.", body),
    ]
    SimpleDocTemplate(str(path), pagesize=A4, title=name, author="Adversarial Test Press", invariant=1).build(flowables)


LESSON_DID = """Our discharge team worked across both community trusts from the spring. Our chief executive said \
"we will not let a trust boundary delay a single discharge ever again" at the launch.

> we stopped counting whose patient it was and started counting the days they waited
- the ward managers

Chris Doyle told us the team had "the shortest discharge delays in the whole region by the autumn"."""
LESSON_LEARNED = """\"Start small\" is what everyone says, and it's true. Chris Doyle says "the shared discharge team \
paid for itself within six months of starting". The trusts' finance leads agreed."""


def write_chat_lesson(knowledge: Path) -> None:
    """A lesson shared in chat and approved, as the lesson desk writes it (bot/lessons/markdown.py):
    the contact in `people:`, the typed text with straight quotes and a Slack-style blockquote."""
    from bot.lessons.markdown import LESSONS_FOLDER, file_name, lesson_markdown
    from bot.lessons.model import Draft, Lesson, Origin

    draft = Draft(title="A shared discharge team across two community trusts", did=LESSON_DID, learned=LESSON_LEARNED,
                  organisation="Hillside Community Health NHS Trust", contact="Chris Doyle", contact_agreed=True,
                  enablers=("building-trust",))
    lesson = Lesson(901, "approved", draft, Origin("slack", "U0CURATOR"), "2026-11-01")
    (knowledge / LESSONS_FOLDER).mkdir(exist_ok=True)
    (knowledge / LESSONS_FOLDER / file_name(lesson)).write_text(lesson_markdown(lesson, "2026-11-01"))


REVIEWED_PEOPLE = {  # what a reviewer adds to an imported document's front matter before indexing it
    "adv-diagnostic-centre-word": (("Laura Finch", "Programme director", "Ashby Community Diagnostic Centre"),),
    "adv-hospital-at-home-pdf": (("Dr Nina Ross", "Geriatrician", "Marlow Vale Hospitals NHS Trust"),),
    "adv3-urgent-treatment-word": (("Peter Lang", "Chief executive", "Oakfield Hospitals NHS Trust"),
                                   ("Dr Ifeoma Obi", "Medical director", "Oakfield Hospitals NHS Trust")),
    "adv3-frailty-annual-report-pdf": (("Dr Yusuf Adeyemi", "Clinical lead for frailty", "Stanmoor Hospitals NHS Trust"),
                                       ("Kate Brennan", "Chair", "Stanmoor Frailty Board")),
    **ROUND_SEVEN_PEOPLE,
    **ROUND_EIGHT_PEOPLE,
    **ROUND_NINE_PEOPLE,
    **ROUND_TEN_PEOPLE,
    **ROUND_SIXTEEN_PEOPLE,
    **ROUND_SEVENTEEN_PEOPLE,
    **ROUND_EIGHTEEN_PEOPLE,
    **ROUND_NINETEEN_PEOPLE,
    **ROUND_TWENTY_PEOPLE,
    **ROUND_TWENTY_ONE_PEOPLE,
}


def add_people(path: Path, people: tuple[tuple[str, str, str], ...]) -> None:
    """The imported document's front matter with `people:` added, as a reviewer would before `peerbot index`."""
    import yaml

    _, front, body = path.read_text().split("---\n", 2)
    meta = yaml.safe_load(front)
    meta["people"] = [{"name": n, "role": r, "organisation": o} for n, r, o in people]
    path.write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n{body}")


def environment(root: Path, bundled: Path) -> dict[str, str]:
    """`peerbot`'s environment over a corpus under `root`: a copy of the bundled corpus (the folder
    `bundled`), the adversarial documents, and the Word file brought in with `peerbot import`;
    indexed with the hashing model."""
    knowledge = root / "knowledge"
    shutil.copytree(bundled, knowledge)
    for path in FIXTURES.iterdir():
        shutil.copy(path, knowledge / path.name)
    write_chat_lesson(knowledge)
    env = {**os.environ, "PEERBOT_DATA_DIR": str(root / "data"), "PEERBOT_KNOWLEDGE_DIR": str(knowledge),
           "PEERBOT_MODEL": "hashing"}
    (root / "incoming").mkdir()
    write_docx(root / "incoming" / "adv-crisis-line-word.docx")
    write_docx_lead_in(root / "incoming" / "adv-diagnostic-centre-word.docx")
    write_pdf(root / "incoming" / "adv-hospital-at-home-pdf.pdf")
    write_docx_round_three(root / "incoming" / "adv3-urgent-treatment-word.docx")
    write_pdf_round_three(root / "incoming" / "adv3-frailty-annual-report-pdf.pdf")
    write_board_paper(root / "incoming" / "adv7-wheelchair-board-paper-word.docx")
    write_annual_review(root / "incoming" / "adv7-endoscopy-annual-review-pdf.pdf")
    write_board_paper_eight(root / "incoming" / "adv8-msk-board-paper-word.docx")
    write_annual_report_eight(root / "incoming" / "adv8-paediatrics-annual-report-pdf.pdf")
    write_dentistry_paper(root / "incoming" / "adv9-dentistry-paper-word.docx")
    write_cancer_review(root / "incoming" / "adv9-cancer-alliance-review-pdf.pdf")
    write_slide_deck(root / "incoming" / "adv10-msk-slide-deck-pdf.pdf")
    write_word_page_breaks(root / "incoming" / "adv16-elective-hub-word-page-breaks.docx")
    write_pdf_page_breaks(root / "incoming" / "adv16-cancer-alliance-pdf-page-breaks.pdf")
    write_word_tracked(root / "incoming" / "adv17-community-beds-word-tracked.docx")
    write_pdf_role_lines(root / "incoming" / "adv17-stroke-network-pdf-role-lines.pdf")
    write_word_initials(root / "incoming" / "adv18-orthoptics-word-initials.docx")
    write_pdf_role_lines_eighteen(root / "incoming" / "adv18-sleep-service-pdf-role-lines.pdf")
    write_word_cells(root / "incoming" / "adv19-pharmacy-word-cells-and-references.docx")
    write_pdf_page_break(root / "incoming" / "adv19-virtual-ward-pdf-page-break.pdf")
    write_word_interview(root / "incoming" / "adv20-hospice-word-interview-and-testimonials.docx")
    write_pdf_interview(root / "incoming" / "adv20-diabetes-pdf-interview-and-slogans.pdf")
    write_word_tables(root / "incoming" / "adv21-maternity-word-tables-and-honorifics.docx")
    write_pdf_interview_boxes(root / "incoming" / "adv21-stroke-pdf-interview-and-side-boxes.pdf")
    for name in ("adv-crisis-line-word.docx", "adv-diagnostic-centre-word.docx", "adv-hospital-at-home-pdf.pdf",
                 "adv3-urgent-treatment-word.docx", "adv3-frailty-annual-report-pdf.pdf",
                 "adv7-wheelchair-board-paper-word.docx", "adv7-endoscopy-annual-review-pdf.pdf",
                 "adv8-msk-board-paper-word.docx", "adv8-paediatrics-annual-report-pdf.pdf",
                 "adv9-dentistry-paper-word.docx", "adv9-cancer-alliance-review-pdf.pdf",
                 "adv10-msk-slide-deck-pdf.pdf", "adv16-elective-hub-word-page-breaks.docx",
                 "adv16-cancer-alliance-pdf-page-breaks.pdf", "adv17-community-beds-word-tracked.docx",
                 "adv17-stroke-network-pdf-role-lines.pdf", "adv18-orthoptics-word-initials.docx",
                 "adv18-sleep-service-pdf-role-lines.pdf", "adv19-pharmacy-word-cells-and-references.docx",
                 "adv19-virtual-ward-pdf-page-break.pdf", "adv20-hospice-word-interview-and-testimonials.docx",
                 "adv20-diabetes-pdf-interview-and-slogans.pdf", "adv21-maternity-word-tables-and-honorifics.docx",
                 "adv21-stroke-pdf-interview-and-side-boxes.pdf"):
        peerbot(env, "import", str(root / "incoming" / name), "--publisher", "Adversarial Test Press")
    for doc_id, people in REVIEWED_PEOPLE.items():
        add_people(knowledge / f"{doc_id}.md", people)
    peerbot(env, "index")
    return env


def peerbot(env: dict[str, str], *args: str, stdin: str = "") -> str:
    done = subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          input=stdin)
    assert done.returncode == 0, (args, done.stderr[-2000:])
    return done.stdout


def check_cli(env: dict[str, str], report: Report, suffix: str = "") -> None:
    """`peerbot ask`, `enabler`, `contacts` and `digest --preview`, as text and JSON (with a `suffix`,
    the set alone: only `enabler` and `digest`)."""
    questions = "\n".join(QUESTIONS)
    since = (datetime.now(UTC) - timedelta(days=7)).date().isoformat()
    if not suffix:
        report.check("ask text", lambda: from_text(peerbot(env, "ask", "-", stdin=questions)))
        answers = [json.loads(line) for line in peerbot(env, "ask", "--json", "-", stdin=questions).splitlines()]
        assert len(answers) == len(QUESTIONS)
        report.check("ask --json", lambda: from_json(answers))
        listed = listed_organisations(Path(env["PEERBOT_KNOWLEDGE_DIR"]))
        for answer in answers:
            shown = [normal(s["text"]) for s in answer["snippets"]]
            for contact in answer["contacts"]:
                report.contact_quotes += bool(contact["quote"])
                if contact["quote"] and namesakes_words(contact, listed):
                    report.violations.append(f"ask --json: {contact['name']} ({contact['organisation']}) shown with "
                                             f"a namesake's words {contact['quote'][:60]!r}")
                if contact["quote"] and any(normal(contact["quote"]) in text for text in shown):
                    report.repeated.append(f"{contact['name']}: {contact['quote'][:60]!r}")
    for enabler in ENABLERS:
        report.check(f"enabler text{suffix}", lambda e=enabler: from_text(peerbot(env, "enabler", e)))
        report.check(f"enabler --json{suffix}",
                     lambda e=enabler: from_json(json.loads(peerbot(env, "enabler", "--json", e))))
    if suffix:
        report.check(f"digest text{suffix}", lambda: from_text(peerbot(env, "digest", "--preview", "--since", since)))
        report.check(f"digest --json{suffix}",
                     lambda: from_json(json.loads(peerbot(env, "digest", "--preview", "--json", "--since", since))))
        return
    report.check("contacts text", lambda: from_text(peerbot(env, "contacts")))
    report.check("contacts --json", lambda: from_json(json.loads(peerbot(env, "contacts", "--json"))))
    report.check("digest text", lambda: from_text(peerbot(env, "digest", "--preview", "--since", since)))
    report.check("digest --json", lambda: from_json(json.loads(peerbot(env, "digest", "--preview", "--json", "--since", since))))


def listed_organisations(knowledge: Path) -> dict[tuple[str, str], str]:
    """(document id, `who`) -> the organisation the document's front matter lists the person under."""
    from index.documents import load_document

    listed = {}
    for path in knowledge.glob("adv*.md"):
        doc = load_document(path)
        listed.update({(doc.id, who(p.name)): p.organisation for p in doc.people})
    return listed


def namesakes_words(contact: dict, listed: dict[tuple[str, str], str]) -> bool:
    """Whether a contact's quote is labelled only as the words of someone of their name whom every such
    document lists under another organisation than the contact's (two people of one name)."""
    wanted = f" {normal(contact['quote'])} "
    documents = {q["document"] for q in gold(GOLD)
                 if q["speaker"] and who(q["speaker"]) == who(contact["name"]) and wanted in f" {normal(q['words'])} "}
    organisations = {listed.get((d, who(contact["name"])), "") for d in documents}
    return bool(documents) and "" not in organisations and contact["organisation"] not in organisations


def log_questions(settings) -> None:
    """The battery asked in a public channel, so the digest has questions and people to show."""
    from bot.answerer import Answerer  # noqa: F401  (the corpus's answering path, as the server has it)
    from bot.corpus import open_corpus, open_state
    from bot.question import PUBLIC, Question
    from bot.service import Peerbot

    corpus, _ = open_corpus(settings)
    state = open_state(settings)
    try:
        peerbot_ = Peerbot(corpus, state)
        for question in QUESTIONS:
            peerbot_.ask(Question("cli", "C1", question, place=PUBLIC))
    finally:
        state.close()
        corpus.close()


def check_teams(settings, report: Report, questions: tuple[str, ...] = QUESTIONS, suffix: str = "") -> None:
    """Teams cards for every answer and enabler summary (rendered as the Teams adapter renders them)."""
    from bot.answerer import Answerer
    from bot.corpus import open_corpus
    from bot.enablers.guide import EnablerGuide
    from bot.plaintext.answers import render_answer
    from bot.teams import cards

    corpus, _ = open_corpus(settings)
    try:
        answerer = Answerer(corpus)
        for question in questions:
            answer = answerer.answer(question)
            report.check(f"Teams answer{suffix}",
                         lambda a=answer: from_teams(cards.answer_card(a, "qid", {}, render_answer(a))))
        guide = EnablerGuide(corpus)
        for enabler in ENABLERS:
            summary = guide.summarise(enabler)
            report.check(f"Teams enabler{suffix}", lambda s=summary: from_teams(cards.summary_card(s, {})))
    finally:
        corpus.close()


def check_slack(settings, report: Report, questions: tuple[str, ...] = QUESTIONS, suffix: str = "") -> None:
    """Signed `/peer` and `/enabler` commands to the Slack app over HTTP; the replies the Slack double caught."""
    from slack_double import PeerbotServer, SlackDouble, SlackSender, slash_command

    from bot.corpus import open_corpus

    corpus, _ = open_corpus(settings)
    try:
        with SlackDouble() as double, PeerbotServer(settings, corpus, double) as server:
            slack = SlackSender(server.events_url)
            asks = [("/peer", q) for q in questions] + [("/enabler", e) for e in ENABLERS]
            for i, (command, text) in enumerate(asks, 1):
                assert slack.command(slash_command(command, text, double.response_url())).status == 200
                (reply,) = double.wait_for("chat.postEphemeral", count=i)[i - 1:]
                report.check(f"Slack {command}{suffix}", lambda r=reply: from_slack(_Rendered(r["text"], r.blocks)))
    finally:
        corpus.close()


@dataclass
class _Rendered:
    """A message the Slack double caught, as `from_slack` reads a rendering."""

    text: str
    blocks: list[dict]


def check_everything(root: Path, bundled: Path = ROOT / "knowledge") -> Report:
    """Every surface checked over a corpus built under `root` from `bundled` (the tests give the
    run's copy of knowledge/)."""
    from bot.settings import Settings

    env = environment(root, bundled)
    settings = Settings(data_dir=root / "data", knowledge_dir=root / "knowledge", model="hashing")
    report = Report()
    check_parser(root / "knowledge", report)
    log_questions(settings)
    check_cli(env, report)
    check_slack(settings, report)
    check_teams(settings, report)
    check_alone(root, bundled, report)
    return report


ALONE = ", set alone"


def check_alone(root: Path, bundled: Path, report: Report) -> None:
    """Enabler summaries and the digest over the adversarial set without the bundled corpus, whose
    leaders' quotations otherwise fill them: `enabler` and `digest --preview` as text and JSON, Slack
    `/enabler`, Teams enabler cards."""
    from bot.settings import Settings

    alone = root / "alone"
    shutil.copytree(root / "knowledge", alone / "knowledge")
    for path in bundled.glob("*.md"):
        (alone / "knowledge" / path.name).unlink()
    env = {**os.environ, "PEERBOT_DATA_DIR": str(alone / "data"), "PEERBOT_KNOWLEDGE_DIR": str(alone / "knowledge"),
           "PEERBOT_MODEL": "hashing"}
    peerbot(env, "index")
    settings = Settings(data_dir=alone / "data", knowledge_dir=alone / "knowledge", model="hashing")
    log_questions(settings)
    check_cli(env, report, ALONE)
    check_slack(settings, report, (), ALONE)
    check_teams(settings, report, (), ALONE)


def parsed(knowledge: Path) -> list[tuple[str, str, str, str]]:
    """(document id, passage text, quotation, name credited) for every quotation the index finds in
    the adversarial documents; a cut mid-word is reported by `check_parser`."""
    from index.chunking import chunk_blocks
    from index.documents import load_document
    from index.preparing import document_blocks
    from index.quotes import find_quotations

    found = []
    for path in sorted([*knowledge.glob("adv*"), *knowledge.glob("lessons/lesson-901-*")]):
        if path.suffix not in (".md", ".html", ".txt"):
            continue
        doc = load_document(path)
        blocks = document_blocks(doc)  # as the index reads them: without repeats or page furniture
        passages = chunk_blocks(blocks)
        quotes = find_quotations(passages, doc.people, [b.text for b in blocks if b.kind == "quote"], doc.title)
        for passage, quotations in zip(passages, quotes):
            found += [(doc.id, passage.text, quote, quote.name) for quote in quotations]
    return found


def check_parser(knowledge: Path, report: Report) -> None:
    """Every quotation the index finds in the adversarial documents, credited only to its speaker,
    with words that are whole words of the document (a word character on both sides of a cut; a
    reference marker right after a closing full stop, "Hartwell.³", is no word the cut split)."""
    shown = Shown()
    for doc_id, text, quote, name in parsed(knowledge):
        if (0 < quote.start < len(text) and text[quote.start - 1].isalnum() and text[quote.start].isalnum()
                or 0 < quote.end < len(text) and text[quote.end - 1].isalnum() and text[quote.end].isalnum()):
            report.violations.append(f"parser: cut mid-word in {doc_id}: {quote.text!r}")
        if name and quote.text:  # an empty one only hides an attribution line: nothing shown
            shown.pairs.append((quote.text, name))
            if doc_id.startswith(("adv8-", "adv9-", "adv10-", "adv13-", "adv14-", "adv15-",
                                   "adv16-", "adv17-", "adv18-", "adv19-", "adv20-", "adv21-")) and said_by(quote.text, name) and not said_by(quote.text, name, doc_id):
                report.violations.append(f"parser: {name} credited in {doc_id} with {quote.text!r}")
    report.add("parser", shown)


def round_of(document: str) -> int:
    """The round a labelled document came in: 5 for `adv5-*` to 21 for `adv21-*`, 4 for the first
    four rounds'."""
    match = re.match(r"adv([5-9]|1[0-9]|2[01])-", document)
    return int(match.group(1)) if match else 4


def credited_counts(knowledge: Path, rounds: Collection[int] | None = None) -> tuple[int, int, int]:
    """Over every labelled quotation with a speaker (only those of `rounds`, by `round_of`, when given):
    (how many, how many the parser credits to that speaker,
    how many of those are labelled attributed by their own sentence). The rest are missed: shown as
    the document's text, never as anyone's."""
    found = parsed(knowledge)
    total = credited = own_sentence = 0
    for q in gold(GOLD):
        if not q["speaker"] or rounds is not None and round_of(q["document"]) not in rounds:
            continue
        wanted = f" {normal(q['words'])} "
        names = {who(name) for doc_id, _, quote, name in found
                 if name and doc_id == q["document"] and normal(quote.text) and f" {normal(quote.text)} " in wanted}
        total += 1
        if who(q["speaker"]) in names:
            credited += 1
            own_sentence += q.get("attributed", True)
    return total, credited, own_sentence


def form_results(knowledge: Path) -> list[tuple[str, bool, str]]:
    """For each labelled quotation with a `form` (rounds two to eight): (form, whether the parser treated it
    right, what it did). Right is: credited to its speaker when it is labelled attributed, to its
    speaker or no one when a reader attributes it from context (`attributed: false`), to no one when
    it has no clear speaker."""
    found = parsed(knowledge)
    results = []
    for q in gold(GOLD):
        if "form" not in q:
            continue
        wanted = f" {normal(q['words'])} "
        names = [name for doc_id, _, quote, name in found
                 if doc_id == q["document"] and normal(quote.text) and f" {normal(quote.text)} " in wanted]
        credited = {who(n) for n in names if n}
        if not q["speaker"]:
            right, what = not credited, f"credited to {sorted(credited)}" if credited else "no one"
        elif q.get("attributed", True):
            right = credited == {who(q["speaker"])} and all(names)
            what = f"credited to {sorted(credited)}" if credited else "not found" if not names else "no one"
        else:
            right = credited <= {who(q["speaker"])}
            what = f"credited to {sorted(credited)}" if credited else "no one"
        results.append((q["form"], right, f"{q['document']}: {q['words'][:60]!r}: {what}"))
    return results
