"""Test documents in Word (python-docx) and HTML, each with its ground truth (see documents_factory)."""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path

from documents_truth import (
    INLINE,
    PUBLISHED,
    PUBLISHER,
    TABLE,
    P,
    Part,
    Q,
    Sample,
    Truth,
    bullets,
    heading,
    para,
    quote,
)

BULLETS = bullets("Agree the case for change before the structures",
                  "Give each workstream a clinical co-chair from another trust",
                  "Publish the measures that matter to patients")
DOCX_HEADER, DOCX_FOOTER = "Realising the benefits of provider collaboratives", "NHS Providers briefing"
URL = "https://nhsproviders.example/resources/collaboratives-that-last"
COOKIES = "We use cookies to make this website work and to understand how you use it. Accept all cookies"
NAVIGATION = ("Membership and events", "Our policy briefings", "Training and development")
SIDEBAR = ("Sign up to our weekly newsletter", "Related: Workforce planning toolkit for trusts")
FOOTER = "© NHS Providers 2024. Registered charity 1140900. Privacy policy and accessibility statement."


def make_docx(folder: Path) -> Sample:
    """A Word briefing: Title and Heading styles, Quote and Intense Quote paragraphs with their
    attribution, a bulleted list, a table, a running header, a footer with a page field, and the
    last paragraph inside a content control."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    title = "Making collaboratives last"
    parts = (para(P[0]), heading("Relationships first"), para(P[1]), quote(*Q[0]), para(P[6]),
             heading("Clinical voice", 3), para(INLINE), quote(*Q[1]), heading("What we would do again"), BULLETS,
             TABLE, para(P[8]), heading("Sharing risk"), para(P[5]), quote(*Q[2]), para(P[13]))
    document = docx.Document()
    properties = document.core_properties
    properties.title, properties.author, properties.created = title, PUBLISHER, datetime(2024, 3, 12, 9, 0)
    section = document.sections[0]
    section.header.paragraphs[0].text = DOCX_HEADER
    footer = section.footer.paragraphs[0]
    footer.text = f"{DOCX_FOOTER} · page "
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)
    document.add_heading(title, 0)
    intense = False
    for part in parts:
        if part.kind == "heading":
            document.add_heading(part.text, part.level - 1)
        elif part.kind == "paragraph":
            document.add_paragraph(part.text)
        elif part.kind == "list":
            for (item,) in part.rows:
                document.add_paragraph(item, style="List Bullet")
        elif part.kind == "quote" and intense:  # the attribution after a line break in the same paragraph
            run = document.add_paragraph(style="Intense Quote").add_run(f"“{part.text}”")
            run.add_break()
            run.add_text(f"— {part.speaker}")
        elif part.kind == "quote":
            document.add_paragraph(f"“{part.text}”", style="Quote")
            document.add_paragraph(f"— {part.speaker}", style="Quote")
        else:
            grid = document.add_table(rows=len(part.rows), cols=len(part.rows[0]), style="Table Grid")
            for cells, row in zip(grid.rows, part.rows):
                for cell, text in zip(cells.cells, row):
                    cell.text = text
        intense = intense or (part.kind == "quote")
        if part.text == P[8]:
            document.add_page_break()
    _into_content_control(document.paragraphs[-1], OxmlElement)
    path = folder / "briefing.docx"
    document.save(str(path))
    truth = Truth(title, parts, {"title": title, "publisher": PUBLISHER, "published": PUBLISHED},
                  (DOCX_HEADER, DOCX_FOOTER))
    return Sample("word", path, 2, truth)


def _into_content_control(paragraph, element) -> None:
    """Wrap a paragraph in a content control (w:sdt), as Word templates do."""
    sdt, content = element("w:sdt"), element("w:sdtContent")
    paragraph._p.addprevious(sdt)
    sdt.append(element("w:sdtPr"))
    sdt.append(content)
    content.append(paragraph._p)


def make_html_article(folder: Path) -> Sample:
    """A semantic web article: <article>, <blockquote> with <footer><cite>, Open Graph metadata,
    and a cookie banner, navigation, sidebar and footer around it."""
    title = "Collaboratives that last: what trust leaders told us"
    parts = (para(P[0]), heading("Relationships before structures"), para(P[1]), quote(*Q[0]), para(P[6]),
             heading("The clinical voice"), para(P[2]), para(INLINE), quote(*Q[1]), heading("Results so far"), TABLE,
             para(P[8]), BULLETS, para(P[9]))
    body = "\n".join(_html_part(p, "article") for p in parts)
    page = f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{escape(title)} | NHS Providers</title>
<meta property="og:title" content="{escape(title)}"><meta property="og:site_name" content="{PUBLISHER}">
<meta name="author" content="Jane Whitfield"><meta property="og:type" content="article">
<meta property="article:published_time" content="{PUBLISHED}T09:00:00+00:00">
<link rel="canonical" href="{URL}"><link rel="stylesheet" href="/site.css"><script>var analytics = 1;</script>
</head><body>
<div class="cookie-banner" role="dialog"><p>{escape(COOKIES)}</p><button>Accept</button></div>
<header class="site-header"><a class="logo" href="/">NHS Providers</a><nav><ul>
{"".join(f'<li><a href="/{i}">{escape(n)}</a></li>' for i, n in enumerate(NAVIGATION))}</ul></nav></header>
<main><article><h1>{escape(title)}</h1>
{body}
</article>
<aside class="sidebar"><h3>Stay informed</h3><p>{escape(SIDEBAR[0])}</p><ul><li><a href="/toolkit">{escape(SIDEBAR[1])}</a></li></ul></aside>
</main><footer class="site-footer"><p>{escape(FOOTER)}</p></footer></body></html>
"""
    path = folder / "article.html"
    path.write_text(page, encoding="utf-8")
    meta = {"title": title, "publisher": PUBLISHER, "published": PUBLISHED, "url": URL}
    return Sample("web article", path, 1, Truth(title, parts, meta, (COOKIES, *NAVIGATION, *SIDEBAR, FOOTER)))


def make_html_divs(folder: Path) -> Sample:
    """A web page without semantic tags: <div> layout (its wrapper's class names a sidebar), a
    <figure> pull quote with <figcaption>, date and address in <meta name="date"> and og:url."""
    title = "How one collaborative brought mental health beds home"
    url = "https://collaboratives.example/news/mental-health-beds-home"
    parts = (para(P[7]), para(P[10]), quote(*Q[2]), heading("What made the difference"), para(P[12]), para(P[11]),
             heading("Next steps"), para(P[3]))
    body = "\n".join(_html_part(p, "divs") for p in parts)
    page = f"""<html><head><title>{escape(title)} - Collaboratives Network</title>
<meta name="date" content="2024-05-02"><meta property="og:url" content="{url}">
<meta property="og:site_name" content="Collaboratives Network"></head><body>
<div id="cookie-consent"><span>{escape(COOKIES)}</span></div>
<div class="menu">{" | ".join(f'<a href="/{i}">{escape(n)}</a>' for i, n in enumerate(NAVIGATION))}</div>
<div class="page layout-has-sidebar"><div class="content"><h1 class="entry-title">{escape(title)}</h1>
<div class="entry-content">
{body}
</div></div>
<div class="sidebar"><div class="widget">{escape(SIDEBAR[0])}</div><div class="widget"><a href="/t">{escape(SIDEBAR[1])}</a></div></div>
</div><div class="footer">{escape(FOOTER)}</div></body></html>
"""
    path = folder / "news-divs.html"
    path.write_text(page, encoding="utf-8")
    meta = {"title": title, "publisher": "Collaboratives Network", "published": "2024-05-02", "url": url}
    return Sample("web page (divs)", path, 1, Truth(title, parts, meta, (COOKIES, *NAVIGATION, *SIDEBAR, FOOTER)))


def _html_part(part: Part, flavour: str) -> str:
    if part.kind == "heading":
        return f"<h{part.level}>{escape(part.text)}</h{part.level}>"
    if part.kind == "paragraph":
        return f"<p>{escape(part.text)}</p>"
    if part.kind == "list":
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for (item,) in part.rows) + "</ul>"
    if part.kind == "quote" and flavour == "article":
        name, rest = part.speaker.split(", ", 1)
        return (f"<blockquote><p>{escape(part.text)}</p>"
                f"<footer>— <cite>{escape(name)}</cite>, {escape(rest)}</footer></blockquote>")
    if part.kind == "quote":
        return (f'<figure class="pull-quote"><blockquote>“{escape(part.text)}”</blockquote>'
                f"<figcaption>{escape(part.speaker)}</figcaption></figure>")
    head, *rows = part.rows
    return ("<table><thead><tr>" + "".join(f"<th>{escape(c)}</th>" for c in head) + "</tr></thead><tbody>"
            + "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
            + "</tbody></table>")
