"""index/readers on generated PDF, Word and HTML files (tests/documents_factory.py) against their
ground truth: text, reading order, headings, furniture, quotations, tables, metadata, refusals."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from documents_factory import make_documents
from extraction_scores import char_scores, furniture_removed, headings_found, quotes_in_blockquote, reading_order

from index.documents import load_document
from index.hashing_embedder import HashingEmbedder
from index.preparing import chunk_document, document_blocks
from index.quotes import find_quotations
from index.readers import ReadError, read_document

CHAR_BAR = 0.98  # character recall and precision every readable layout must reach
ORDER_BAR = 0.95  # share of sentences found whole and in order


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    return make_documents(tmp_path_factory.mktemp("documents"))


def _by_layout(samples, layout):
    return next(s for s in samples if s.layout == layout)


def _catalogue() -> list[tuple[str, str, bool]]:
    """(layout, refusal, has block quotations) of every generated file, for parametrizing."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return [(s.layout, s.refusal, bool(s.truth and s.truth.quotations)) for s in make_documents(Path(folder))]


CATALOGUE = _catalogue()
READABLE = [layout for layout, refusal, _ in CATALOGUE if not refusal]
UNREADABLE = [layout for layout, refusal, _ in CATALOGUE if refusal]
QUOTING = [layout for layout, _, quoted in CATALOGUE if quoted]


def _output(result) -> str:
    return f"{result.title}\n\n{result.body}"


@pytest.mark.parametrize("layout", READABLE)
def test_each_layout_recovers_its_text_in_reading_order(samples, layout):
    sample = _by_layout(samples, layout)
    result = read_document(sample.path)
    recall, precision = char_scores(_output(result), sample.truth)
    assert recall >= CHAR_BAR and precision >= CHAR_BAR, (recall, precision, result.body)
    assert reading_order(_output(result), sample.truth) >= ORDER_BAR
    assert result.title == sample.truth.title


@pytest.mark.parametrize("layout", READABLE)
def test_headers_footers_and_page_numbers_are_dropped(samples, layout):
    sample = _by_layout(samples, layout)
    body = read_document(sample.path).body
    assert sample.truth.furniture, "every generated layout carries furniture to drop"
    assert furniture_removed(body, sample.truth) == 1.0, body
    assert not re.search(r"(?m)^(?:Page )?\d+$", body)


@pytest.mark.parametrize("layout", READABLE)
def test_headings_become_sections_at_their_level(samples, layout):
    sample = _by_layout(samples, layout)
    body = read_document(sample.path).body
    assert headings_found(body, sample.truth) == 1.0
    for level, text in sample.truth.headings:
        assert re.search(rf"(?m)^{'#' * level} {re.escape(text)}$", body), (level, text)


@pytest.mark.parametrize("layout", QUOTING)
def test_quotations_are_blockquotes_ending_with_their_attribution(samples, layout):
    sample = _by_layout(samples, layout)
    body = read_document(sample.path).body
    assert sample.truth.quotations
    assert quotes_in_blockquote(body, sample.truth) == 1.0, body


@pytest.mark.parametrize("layout", QUOTING)
def test_peerbots_quote_finder_credits_each_imported_quotation_to_its_speaker(samples, layout, tmp_path):
    """The reader's Markdown, loaded, chunked and searched for quotations as `peerbot index` does."""
    sample = _by_layout(samples, layout)
    markdown = tmp_path / f"{sample.path.stem}.md"
    markdown.write_text(read_document(sample.path).markdown(), encoding="utf-8")
    doc = load_document(markdown)
    blocks = document_blocks(doc)
    passages = chunk_document(doc, blocks, HashingEmbedder())
    found = [q for qs in find_quotations(passages, doc.people, [b.text for b in blocks if b.kind == "quote"])
             for q in qs]
    for words, speaker in sample.truth.quotations:
        name, role, organisation = speaker.split(", ", 2)
        match = [q for q in found if q.block and q.text.strip("“”") == words]
        assert match and (match[0].name, match[0].role, match[0].organisation) == (name, role, organisation)


def test_two_column_pages_are_read_column_by_column(samples):
    import pdfplumber

    for layout in ("two columns", "newsletter, two columns (held out)"):
        sample = _by_layout(samples, layout)
        with pdfplumber.open(sample.path) as pdf:  # the page really interleaves when read line by line
            plain = "\n".join(page.extract_text() for page in pdf.pages)
        assert reading_order(plain, sample.truth) < 0.9
        assert reading_order(read_document(sample.path).body, sample.truth) == 1.0


def test_words_hyphenated_at_a_line_break_are_joined(samples):
    import pdfplumber

    sample = _by_layout(samples, "two columns")
    with pdfplumber.open(sample.path) as pdf:
        broken = re.findall(r"([a-z]+)-\n([a-z]+)", "\n".join(page.extract_text() for page in pdf.pages))
    body = read_document(sample.path).body
    assert len(broken) >= 3
    for head, tail in broken:
        assert f"{head}{tail}" in body and f"{head}-" not in body


@pytest.mark.parametrize("layout", ["table", "word", "web article"])
def test_tables_become_markdown_tables(samples, layout):
    sample = _by_layout(samples, layout)
    body = read_document(sample.path).body
    (rows,) = sample.truth.tables
    lines = [f"| {' | '.join(row)} |" for row in rows]
    expected = "\n".join(lines[:1] + [f"| {' | '.join(['---'] * len(rows[0]))} |"] + lines[1:])
    assert expected in body


@pytest.mark.parametrize("layout", READABLE)
def test_metadata_comes_from_the_file(samples, layout):
    sample = _by_layout(samples, layout)
    result = read_document(sample.path)
    got = {"title": result.title, **result.meta}
    assert {k: got.get(k) for k in sample.truth.meta} == sample.truth.meta


@pytest.mark.parametrize("layout", UNREADABLE)
def test_an_unreadable_file_is_refused_with_its_reason(samples, layout):
    sample = _by_layout(samples, layout)
    with pytest.raises(ReadError) as refused:
        read_document(sample.path)
    assert refused.value.reason.startswith(sample.refusal)
    assert sample.path.name in str(refused.value) and "\n" not in str(refused.value)


@pytest.mark.parametrize("name, data, reason", [
    ("garbage.pdf", b"this is not a PDF at all\n%%EOF", "corrupt (not a PDF"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "encrypted"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "corrupt"),
    ("empty.html", b"<html><head><title>Nothing</title></head><body><nav>Home</nav></body></html>", "empty"),
    ("notes.rtf", b"{\\rtf1 hello}", "no reader for '.rtf'"),
])
def test_other_bad_files_are_refused_in_one_line(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as refused:
        read_document(path)
    assert refused.value.reason.startswith(reason) and "\n" not in str(refused.value)


def test_a_docx_missing_its_body_is_corrupt(samples, tmp_path):
    source = _by_layout(samples, "word").path
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(damaged, "w") as out:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                out.writestr(item, src.read(item))
    with pytest.raises(ReadError, match="corrupt"):
        read_document(damaged)


@pytest.mark.parametrize("layout", ["single column", "word", "web article"])
def test_sidecar_metadata_wins_over_the_files_own(samples, layout, tmp_path):
    sample = _by_layout(samples, layout)
    path = tmp_path / sample.path.name
    path.write_bytes(sample.path.read_bytes())
    (tmp_path / f"{path.stem}.meta.yaml").write_text(
        "title: Reviewed title\npublisher: The Collaborative\nurl: https://example.org/report\n"
        "published: 2025-01-31\nregion: North East\npeople:\n- name: Amara Okafor\n  role: Chief executive\n",
        encoding="utf-8")
    result = read_document(path)
    assert result.title == "Reviewed title"
    assert (result.meta["publisher"], result.meta["url"], str(result.meta["published"])) == (
        "The Collaborative", "https://example.org/report", "2025-01-31")
    assert result.meta["people"] == [{"name": "Amara Okafor", "role": "Chief executive"}]
    assert result.meta["author"] == ("Jane Whitfield" if layout == "web article" else "NHS Providers")
    loaded = load_document(_written(result, tmp_path))
    assert (loaded.title, loaded.publisher, loaded.region, loaded.people[0].name) == (
        "Reviewed title", "The Collaborative", "North East", "Amara Okafor")


def test_a_malformed_sidecar_is_refused_naming_it(samples, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(_by_layout(samples, "single column").path.read_bytes())
    (tmp_path / "report.meta.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(ReadError, match=r"malformed sidecar report\.meta\.yaml"):
        read_document(path)
    (tmp_path / "report.meta.yaml").write_text("- a list\n", encoding="utf-8")
    with pytest.raises(ReadError, match="must be a mapping"):
        read_document(path)


@pytest.mark.parametrize("layout", READABLE)
def test_the_result_is_markdown_that_peerbot_loads_as_it_is(samples, layout, tmp_path):
    result = read_document(_by_layout(samples, layout).path)
    doc = load_document(_written(result, tmp_path))
    assert (doc.title, doc.publisher, doc.published, doc.url) == (
        result.title, result.meta.get("publisher", ""), result.meta.get("published", ""), result.meta.get("url", ""))
    assert doc.body.strip() == result.body.strip()


def _written(result, folder: Path) -> Path:
    path = folder / f"{result.path.stem}.md"
    path.write_text(result.markdown(), encoding="utf-8")
    return path


def test_a_word_pull_quote_just_before_another_person_s_quote_is_not_credited_to_them(tmp_path):
    """A pull quote (Intense Quote, in its own marks) then another person's Quote with its
    attribution: two blockquotes, so the attribution is only the second's; two quotations in their
    own marks in one style are two as well."""
    import docx

    word = docx.Document()
    word.add_paragraph("“Radiographers from every trust work the same rota at the centre.”", style="Intense Quote")
    word.add_paragraph("“The centre cut the wait for a routine scan to under two weeks.”", style="Quote")
    word.add_paragraph("— Dr Tom Grey, Medical director, Ashby Hospitals NHS Trust", style="Quote")
    word.add_paragraph("The backlog was cleared by the spring.")
    word.add_paragraph("“Every request now lands on one booking list for the four trusts.”", style="Quote")
    word.add_paragraph("“Reporting radiologists now share one worklist across the four trusts.”", style="Quote")
    word.add_paragraph("— Laura Finch, Programme director", style="Quote")
    word.save(tmp_path / "pull-quote.docx")
    body = read_document(tmp_path / "pull-quote.docx").body
    quotes = [b.strip() for b in body.split("\n\n") if b.startswith(">")]
    assert quotes == ["> “Radiographers from every trust work the same rota at the centre.”",
                      "> “The centre cut the wait for a routine scan to under two weeks.”\n>\n"
                      "> — Dr Tom Grey, Medical director, Ashby Hospitals NHS Trust",
                      "> “Every request now lands on one booking list for the four trusts.”",
                      "> “Reporting radiologists now share one worklist across the four trusts.”\n>\n"
                      "> — Laura Finch, Programme director"]


def test_a_word_attribution_line_closes_its_blockquote_so_the_next_quote_paragraph_is_not_that_speakers(tmp_path):
    """A Quote paragraph and its "— post" line, then a kicker and another Quote with its own
    attribution, all in the Quote style: two blockquotes, each with its own attribution."""
    import docx

    word = docx.Document()
    word.add_paragraph("“Clinical streaming is the reason the centre is safe at night.”", style="Quote")
    word.add_paragraph("— Medical Director, Oakfield Hospitals NHS Trust", style="Quote")
    word.add_paragraph("From the chief executive’s foreword", style="Quote")
    word.add_paragraph("“Oakfield has one urgent treatment centre now, and nobody wants two.”", style="Quote")
    word.add_paragraph("— Peter Lang, Chief executive, Oakfield Hospitals NHS Trust", style="Quote")
    word.save(tmp_path / "two-quotes.docx")
    body = read_document(tmp_path / "two-quotes.docx").body
    assert [b.strip() for b in body.split("\n\n") if b.startswith(">")] == [
        "> “Clinical streaming is the reason the centre is safe at night.”\n>\n"
        "> — Medical Director, Oakfield Hospitals NHS Trust",
        "> From the chief executive’s foreword\n>\n> “Oakfield has one urgent treatment centre now, and nobody wants two.”"
        "\n>\n> — Peter Lang, Chief executive, Oakfield Hospitals NHS Trust"]


def test_an_html_q_element_keeps_its_quotation_marks_as_a_browser_shows_them(tmp_path):
    page = tmp_path / "news.html"
    page.write_text("<html><body><article><h1>News</h1>"
                    "<p><q>The liaison officers cut our handover times by forty minutes,</q> said Helen Achebe.</p>"
                    "<p>According to Helen Achebe, <q>no crew waited more than an hour in January</q>.</p>"
                    "<p>Helen Achebe said: <q>One paramedic told me <q>I get my meal break on time</q>, and that is "
                    "the measure.</q></p></article></body></html>", encoding="utf-8")
    body = read_document(page).markdown()
    assert "“The liaison officers cut our handover times by forty minutes,” said Helen Achebe." in body
    assert "According to Helen Achebe, “no crew waited more than an hour in January”." in body
    assert "Helen Achebe said: “One paramedic told me ‘I get my meal break on time’, and that is the measure.”" in body


def test_a_word_file_made_from_a_template_takes_its_own_date_not_the_templates(tmp_path):
    """Before, `published:` was the core properties' created date: a copy of a template kept the
    template's (python-docx's own template's, 2013-12-23, for a file it wrote without dates). Now it
    is the later of created and modified, never python-docx's template's; none when nothing is left."""
    from datetime import UTC, datetime

    import docx

    template = docx.Document()
    template.core_properties.author = "Eastvale Provider Collaborative"
    template.core_properties.created = template.core_properties.modified = datetime(2019, 5, 1, 9, 0, tzinfo=UTC)
    template.add_heading("Briefing template", 0)
    template.save(tmp_path / "template.docx")

    lesson = docx.Document(str(tmp_path / "template.docx"))  # made from the template, then saved in 2024
    lesson.add_paragraph("The four trusts share one theatre list across the city.")
    lesson.core_properties.modified = datetime(2024, 6, 3, 16, 30, tzinfo=UTC)
    lesson.save(tmp_path / "lesson.docx")
    assert read_document(tmp_path / "lesson.docx").meta["published"] == "2024-06-03"

    untouched = docx.Document()  # python-docx's own template: its dates are the template's
    untouched.add_paragraph("The four trusts share one theatre list across the city.")
    untouched.save(tmp_path / "no-date.docx")
    assert "published" not in read_document(tmp_path / "no-date.docx").meta

    dated = docx.Document()  # a date set on the document itself is kept (modified is still the template's)
    dated.core_properties.created = datetime(2024, 3, 12, 9, 0)
    dated.add_paragraph("The four trusts share one theatre list across the city.")
    dated.save(tmp_path / "dated.docx")
    assert read_document(tmp_path / "dated.docx").meta["published"] == "2024-03-12"


def test_a_word_page_or_column_break_inside_a_paragraph_separates_the_words_either_side(tmp_path):
    """python-docx reads a page or column break as nothing, so a quotation broken by one ("children
    were assessed" / "first for the first time") was credited as "assessedfirst", a word the
    speaker never said. A break is a space; a manual line break still starts a new line."""
    import docx
    from docx.enum.text import WD_BREAK

    word = docx.Document()
    paragraph = word.add_paragraph()
    run = paragraph.add_run("“The waiting list fell by half, and children were assessed")
    run.add_break(WD_BREAK.PAGE)
    paragraph.add_run("first for the first time,” said Dr Ifan Mbeki. Column")
    paragraph.runs[-1].add_break(WD_BREAK.COLUMN)
    paragraph.runs[-1].add_text("break.")
    word.save(tmp_path / "page-break.docx")
    body = read_document(tmp_path / "page-break.docx").body
    assert "children were assessed first for the first time,” said Dr Ifan Mbeki. Column break." in body


def test_a_word_list_item_holding_only_a_quotation_stays_in_its_place_in_the_list(tmp_path):
    """A bulleted or numbered item that is only a quotation (its attribution in the next item) was put
    before the items above it, which were held back until the list ended."""
    import docx

    word = docx.Document()
    word.add_paragraph("The board agreed three actions.")
    word.add_paragraph("Pool the wheelchair budget.", style="List Bullet")
    word.add_paragraph("“We will publish the waiting times every quarter.”", style="List Bullet")
    word.add_paragraph("— Beatrice Quayle, Chair", style="List Bullet")
    word.add_paragraph("Review the repairer's contract.", style="List Number")
    word.save(tmp_path / "list-quote.docx")
    body = read_document(tmp_path / "list-quote.docx").body
    assert body.index("- Pool the wheelchair budget.") < body.index("> “We will publish") < body.index(
        "> — Beatrice Quayle, Chair") < body.index("- Review the repairer's contract.")
    assert not re.search(r"^[-*]\s*$", body, re.M)


def test_a_pdf_superscript_citation_number_joins_the_word_before_it(tmp_path):
    """A raised citation number ("…,” said Sally-Ann Trewin.<sup>5</sup>") sits on no baseline of its
    line, so it was a row, and a paragraph ("5"), of its own, served as a snippet."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=8)
    path = tmp_path / "superscript.pdf"
    SimpleDocTemplate(str(path), invariant=1).build([
        Paragraph("Two trusts merged their endoscopy units into one service with one bowel screening list.", body),
        Paragraph("“Nurse endoscopists now carry out a third of all the colonoscopies,” said Sally-Ann Trewin."
                  "<super>5</super> The programme trained six nurses in 10 m<super>2</super> rooms.", body)])
    body_text = read_document(path).body
    assert not re.search(r"^\s*\d+\s*$", body_text, re.M)
    assert "said Sally-Ann Trewin.⁵ The programme trained six nurses in 10 m² rooms." in body_text


def test_html_footnotes_tables_definition_lists_and_code_reach_passages_as_words(tmp_path):
    """A page's footnote markers and its list of notes, a `<dl>`, a table and `<pre><code>`: no stray
    number in a sentence, no note as a passage, no pipes, terms read as "Term: definition"."""
    page = tmp_path / "beds.html"
    page.write_text(
        "<html><body><article><h1>Pooling beds</h1>"
        "<p>The collaborative cut waiting times by a third<sup><a href=\"#fn1\">1</a></sup> after pooling beds"
        "<sup>[2]</sup> across three trusts.</p>"
        "<table><tr><th>Measure</th><th>Before</th><th>After</th></tr>"
        "<tr><td>Out-of-area placements</td><td>41</td><td>12</td></tr></table>"
        "<dl><dt>Shared budget</dt><dd>One pot for the three trusts, agreed every year.</dd></dl>"
        "<pre><code>peerbot ask | grep beds</code></pre>"
        "<section class=\"footnotes\"><ol><li id=\"fn1\">Figures from the collaborative's own dashboard, "
        "March 2024.</li></ol></section></article></body></html>", encoding="utf-8")
    texts = [b.text for b in document_blocks(load_document(_written(read_document(page), tmp_path)))]
    assert texts == ["The collaborative cut waiting times by a third after pooling beds across three trusts.",
                     "Measure: Out-of-area placements; Before: 41; After: 12",
                     "Shared budget: One pot for the three trusts, agreed every year."]


def test_a_word_table_cell_merged_across_columns_is_read_once(tmp_path):
    import docx

    word = docx.Document()
    table = word.add_table(rows=2, cols=3)
    for i, row in enumerate([["Measure", "Before", "After"], ["Average stay in the unit", "60 days", ""]]):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    table.cell(1, 1).merge(table.cell(1, 2))
    word.save(tmp_path / "merged.docx")
    texts = [b.text for b in document_blocks(load_document(_written(read_document(tmp_path / "merged.docx"), tmp_path)))]
    assert texts == ["Measure: Average stay in the unit; Before: 60 days"]


def test_a_pdf_pages_footnotes_are_no_passage(tmp_path):
    """Notes in small print at a page's foot, each opening with its number, were read as paragraphs
    ("1 Figures from …") and served as evidence; the body's own small print above them stays."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "notes.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    page.setFont("Helvetica", 10)
    page.drawString(72, 750, "The collaborative cut waiting times by a third after pooling beds across three trusts.")
    page.drawString(72, 726, "Staff said the single referral form made the biggest difference to families.")
    page.setFont("Helvetica", 7)
    page.drawString(72, 80, "1 Figures from the collaborative's own dashboard, March 2024.")
    page.drawString(72, 70, "2 Staff survey across the three partner trusts, 2024.")
    page.showPage()
    page.save()
    assert read_document(path).body.split("\n\n") == [
        "The collaborative cut waiting times by a third after pooling beds across three trusts.",
        "Staff said the single referral form made the biggest difference to families.\n"]
