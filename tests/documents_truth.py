"""Ground truth for the generated test documents: what a reader should recover, in reading order.

A document is a title, metadata and a list of `Part`s (headings, paragraphs, lists, block
quotations with their speaker, tables); plus the furniture that must not survive (running
headers, footers, page numbers, a web page's navigation, cookie banner and sidebar).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Part:
    kind: str  # "heading" | "paragraph" | "list" | "quote" | "table"
    text: str = ""  # a heading's, paragraph's or quotation's words (no quotation marks)
    level: int = 2  # a heading's level: 2 is a section, 3 a subsection
    speaker: str = ""  # a quotation's attribution, "Name, role, organisation" (no dash)
    rows: tuple[tuple[str, ...], ...] = ()  # a table's rows (the first is the header); a list's items

    def plain(self) -> str:
        """The words as plain text: table cells and list items joined by spaces."""
        if self.kind == "table":
            return " ".join(" ".join(row) for row in self.rows)
        if self.kind == "list":
            return " ".join(item for (item,) in self.rows)
        if self.kind == "quote":
            return f"{self.text} — {self.speaker}"
        return self.text


@dataclass(frozen=True)
class Truth:
    title: str
    parts: tuple[Part, ...]
    meta: dict = field(default_factory=dict)  # front-matter fields: publisher, published, url, ...
    furniture: tuple[str, ...] = ()  # every header, footer and page-number line, once per occurrence

    def text(self) -> str:
        """The body's words in reading order (the title left out), one part per line."""
        return "\n".join(part.plain() for part in self.parts)

    @property
    def headings(self) -> list[tuple[int, str]]:
        return [(p.level, p.text) for p in self.parts if p.kind == "heading"]

    @property
    def quotations(self) -> list[tuple[str, str]]:
        return [(p.text, p.speaker) for p in self.parts if p.kind == "quote"]

    @property
    def tables(self) -> list[tuple[tuple[str, ...], ...]]:
        return [p.rows for p in self.parts if p.kind == "table"]


@dataclass(frozen=True)
class Sample:
    """One generated file: its layout name, path, page count, and its truth or the reason a
    reader must refuse it ("encrypted", "no text layer", "corrupt", "empty")."""

    layout: str
    path: Path
    pages: int = 1
    truth: Truth | None = None
    refusal: str = ""


def heading(text: str, level: int = 2) -> Part:
    return Part("heading", text, level)


def para(text: str) -> Part:
    return Part("paragraph", text)


def quote(text: str, speaker: str) -> Part:
    return Part("quote", text, speaker=speaker)


def table(*rows: tuple[str, ...]) -> Part:
    return Part("table", rows=tuple(rows))


def bullets(*items: str) -> Part:
    return Part("list", rows=tuple((item,) for item in items))


PUBLISHER = "NHS Providers"
PUBLISHED = "2024-03-12"

P = [  # body paragraphs, original text in the register of NHS lessons-learned reports
    "Provider collaboratives bring trusts together to plan and deliver services at scale. The "
    "collaboratives we spoke to began with a clear case for change that boards could test against "
    "their own priorities, and they agreed early which decisions would be taken jointly.",
    "Boards that invested in relationships before structures found the later governance work far "
    "easier. Chairs met informally every month for the first year, and chief executives shared "
    "their organisations' financial positions openly, including the uncomfortable parts.",
    "Clinical leadership gave the programme its credibility. Each workstream was co-chaired by a "
    "clinician from a different trust, which meant that proposals were tested by people who "
    "understood the pressures on frontline services and could explain them to colleagues.",
    "The collaborative set out a single outpatient waiting list for dermatology across three "
    "hospitals. Patients were offered the earliest appointment at any site, and transport support "
    "was arranged for those who would otherwise have struggled to travel further.",
    "Staff were consulted before any service moved between sites. Listening events were held at "
    "every hospital, and the questions raised were answered in a shared bulletin so that nobody "
    "heard about a change second hand.",
    "Data sharing was the hardest practical barrier. Information governance leads from each trust "
    "drafted one agreement that covered all partners, which replaced eleven separate agreements and "
    "shortened the time taken to start joint audits from months to weeks.",
    "Finance directors agreed a simple principle for risk sharing: no partner would be left worse off "
    "in the first two years because of a decision taken in the interest of the whole system.",
    "The mental health collaborative used its lead provider contract to bring specialist beds back "
    "into the region. Out of area placements fell steadily, and families reported that visiting "
    "their relatives had become much more manageable.",
    "Evaluation was built in from the start rather than added at the end. A small analytical team "
    "agreed a handful of measures with patients and staff, and reported them to the joint committee "
    "every quarter alongside stories from the services themselves.",
    "Several leaders warned against creating a new organisation by stealth. The collaborative kept "
    "its central team deliberately small and relied on people seconded from partner trusts, who "
    "returned to their own organisations with new skills and networks.",
    "Pathology services were consolidated onto a shared laboratory information system. The "
    "migration was phased by specialty, and each phase was signed off by the clinical leads of all "
    "the trusts involved before the next one began.",
    "Communication with the public was planned jointly. Local Healthwatch organisations reviewed the "
    "materials in draft, and their suggestions led to plainer language and a clearer explanation of "
    "what would stay the same for patients.",
    "Workforce plans were aligned across the partners so that staff could rotate between sites. "
    "Junior doctors in particular valued the broader experience, and two hard-to-fill consultant "
    "posts were recruited as joint appointments.",
    "The collaborative reviewed its own governance after eighteen months. Some groups had outlived "
    "their purpose and were closed, while the joint committee took on delegated authority for a "
    "wider range of decisions than at the outset.",
]

Q = [  # block quotations with their speakers
    ("Agreeing what we were trying to achieve together, before we argued about structures, was the "
     "single most useful thing we did as a group of boards.",
     "Amara Okafor, Chief executive, Northfield Hospitals NHS Foundation Trust"),
    ("When clinicians from different trusts sit down together, the conversation changes from "
     "protecting a service to improving it for patients across the whole patch.",
     "Dr Tom Reilly, Medical director, Eastvale Community Healthcare NHS Trust"),
    ("We shared our numbers honestly, including the bad ones, and that openness is what built the "
     "trust we now rely on when decisions are difficult.",
     "Priya Desai, Director of finance, Westmoor University Hospitals NHS Trust"),
]

INLINE = (  # a paragraph whose inline quotation names its speaker in the same sentence
    "Staff engagement mattered as much as governance. “People need to see that the collaborative "
    "makes their working day better, not just the board papers,” explains Dr Tom Reilly, medical "
    "director at Eastvale Community Healthcare NHS Trust."
)

TABLE = table(
    ("Programme", "Partners", "Started", "Main result"),
    ("Dermatology waiting list", "3 trusts", "2022", "Waits down by a third"),
    ("Shared pathology", "4 trusts", "2021", "One laboratory system"),
    ("Mental health beds", "5 providers", "2020", "Fewer out of area placements and shorter stays"),
)
