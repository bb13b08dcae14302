"""PDF, Word and HTML files in the corpus folder, through the `peerbot` command as a user runs it: a
real process, files generated in the test (reportlab, python-docx, plain HTML), the hashing model
(one test with the real one). `peerbot index` reads them, `peerbot ask` cites their sentences
verbatim with their titles and credits each quotation only to its speaker; unreadable files are
skipped with one line and keep their last good version; `peerbot import` writes reviewable Markdown."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import KNOWLEDGE
from documents_factory import HEADER, image_only_pdf, truncated_pdf, two_column_pdf
from documents_office import DOCX_FOOTER, DOCX_HEADER, make_docx
from documents_truth import INLINE, P, Q

from index.documents import document_id, file_hash, load_corpus
from index.readers import read_document
from index.store import IndexStore

ROOT = Path(__file__).resolve().parent.parent
TWO_COLUMN_TITLE = "Lessons from the front line"
WORD_TITLE = "Making collaboratives last"
WEB_TITLE = "Joint procurement of infusion pumps"
WEB_URL = "https://southmoor.example/lessons/infusion-pumps"
WEB_PARAGRAPH = ("Four trusts pooled their orders for infusion pumps and agreed one model for every ward. "
                 "Nurses from each trust tested three pumps on a training ward before anyone signed a contract.")
WEB_QUOTE = ("Once the nurses chose the pump themselves, the savings followed and nobody asked to go back "
             "to the old ones.")
WEB_SPEAKER = ("Grace Mensah", "Director of nursing", "Southmoor Hospitals NHS Trust")
REILLY = ("Dr Tom Reilly", "Medical director", "Eastvale Community Healthcare NHS Trust")
SAID = {  # every quotation in the generated files, by speaker: the only words anyone may be credited with
    "Amara Okafor": [Q[0][0]], "Dr Tom Reilly": [Q[1][0], re.search(r"“(.+?),”", INLINE).group(1)],
    "Priya Desai": [Q[2][0]], "Grace Mensah": [WEB_QUOTE],
}
for _label in yaml.safe_load((Path(__file__).parent / "data" / "corpus_quotes.yaml").read_text(encoding="utf-8")):
    if _label.get("attributed", True):  # the bundled corpus's quotations, indexed beside the generated files
        SAID.setdefault(_label["speaker"], []).append(_label["words"])


def web_page(folder: Path) -> Path:
    """A plain web page: navigation and a footer around an article with a blockquote and its attribution."""
    name, role, organisation = WEB_SPEAKER
    path = folder / "infusion-pumps.html"
    path.write_text(f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>{WEB_TITLE} | Southmoor Collaborative</title>
<meta property="og:site_name" content="Southmoor Collaborative"><meta name="date" content="2025-02-03">
<link rel="canonical" href="{WEB_URL}"></head><body>
<nav><a href="/">Home</a> <a href="/lessons">All lessons</a> <a href="/contact">Contact us</a></nav>
<article><h1>{WEB_TITLE}</h1>
<p>{WEB_PARAGRAPH}</p>
<h2>What the nurses said</h2>
<blockquote><p>{WEB_QUOTE}</p><footer>— <cite>{name}, {role}, {organisation}</cite></footer></blockquote>
<p>The procurement team published the evaluation scores so that every ward could see why the pump was chosen.</p>
</article><footer><p>© Southmoor Collaborative 2025. Privacy and cookies.</p></footer></body></html>
""", encoding="utf-8")
    return path


def run(args, env, timeout=300, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=ROOT, input=stdin)


def make_env(tmp: Path, knowledge: Path, model: str | None = "hashing") -> dict:
    env = {**os.environ, "PEERBOT_DATA_DIR": str(tmp / "data"), "PEERBOT_KNOWLEDGE_DIR": str(knowledge),
           "OMP_NUM_THREADS": "1"}
    env.pop("PEERBOT_MODEL", None)
    return {**env, "PEERBOT_MODEL": model} if model else env


def generated_corpus(tmp: Path) -> Path:
    """The bundled corpus plus a two-column PDF with a running header (and a sidecar naming the
    speaker of its inline quotation), a Word briefing with a header and footer, a web page, and an
    image-only and a truncated PDF."""
    knowledge = tmp / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    pdf = two_column_pdf(knowledge).path
    name, role, organisation = REILLY
    (knowledge / f"{pdf.stem}.meta.yaml").write_text(yaml.safe_dump({
        "url": "https://providers.example/front-line", "people": [{"name": name, "role": role,
                                                                  "organisation": organisation}]}))
    make_docx(knowledge)
    web_page(knowledge)
    image_only_pdf(knowledge)
    truncated_pdf(knowledge, pdf)
    return knowledge


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("imported")
    knowledge = generated_corpus(tmp)
    env = make_env(tmp, knowledge)
    return tmp, knowledge, env, run(["index"], env)


CITED = [
    ("Were listening events held at every hospital before any service moved between sites?", P[4], TWO_COLUMN_TITLE),
    ("How did Healthwatch review the public communication materials in draft?", P[11], TWO_COLUMN_TITLE),
    ("How was evaluation built in from the start by a small analytical team?", P[8], WORD_TITLE),
    ("How did trusts pool their orders for infusion pumps?", WEB_PARAGRAPH, WEB_TITLE),
]
QUOTED = [
    ("What did nurses say about choosing the infusion pump themselves?", WEB_QUOTE, WEB_SPEAKER),
    ("Agreeing what we were trying to achieve together before we argued about structures", Q[0][0],
     ("Amara Okafor", "Chief executive", "Northfield Hospitals NHS Foundation Trust")),
    ("staff engagement: the collaborative makes their working day better, not just the board papers",
     SAID["Dr Tom Reilly"][1], REILLY),
]


@pytest.fixture(scope="module")
def answers(indexed) -> dict[str, dict]:
    """The answers to every question the module asks of `indexed`, from one `peerbot ask --json -`
    (the questions piped in, one a line, as a user asks a list)."""
    questions = list(dict.fromkeys([q for q, _, _ in CITED] + [q for q, _, _ in QUOTED]))
    result = run(["ask", "--json", "-"], indexed[2], stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in found] == questions
    return dict(zip(questions, found))


def ask(question: str, env: dict) -> dict:
    result = run(["ask", "--json", question], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def snippet_with(answer: dict, sentence: str) -> dict:
    found = [s for s in answer["snippets"] if sentence in s["text"]]
    assert found, (sentence, [s["text"][:80] for s in answer["snippets"]])
    return found[0]


def first_sentence(text: str) -> str:
    return text.split(". ")[0] + "."


def test_index_reads_pdf_word_and_html_and_skips_the_unreadable_with_one_line_each(indexed):
    _, knowledge, _, result = indexed
    assert result.returncode == 1  # something was skipped
    skipped = [line for line in result.stdout.splitlines() if "skipped" in line]
    assert skipped == [f"peerbot: skipped {knowledge / 'scanned.pdf'}: no text layer (a scanned image?)",
                       f"peerbot: skipped {knowledge / 'truncated.pdf'}: corrupt (truncated: no end-of-file marker)"]
    assert "Traceback" not in result.stderr
    assert re.search(r"documents 7 added, 0 updated, 0 removed", result.stdout), result.stdout


@pytest.mark.parametrize("question, sentence, title", CITED)
def test_ask_cites_sentences_of_imported_files_verbatim_with_their_titles(answers, question, sentence, title):
    answer = answers[question]
    assert answer["answered"], answer["outcome"]
    snippet = snippet_with(answer, first_sentence(sentence))
    assert snippet["document"]["title"] == title
    assert first_sentence(sentence) in snippet["text"]


def test_metadata_comes_from_the_file_and_its_sidecar(answers):
    answer = answers["How did trusts pool their orders for infusion pumps?"]
    web = snippet_with(answer, first_sentence(WEB_PARAGRAPH))["document"]
    assert (web["publisher"], web["url"]) == ("Southmoor Collaborative", WEB_URL)
    answer = answers["Were listening events held at every hospital before any service moved between sites?"]
    pdf = snippet_with(answer, first_sentence(P[4]))["document"]
    assert (pdf["publisher"], pdf["url"]) == ("NHS Providers", "https://providers.example/front-line")


def test_running_headers_footers_and_page_numbers_are_not_indexed_and_headings_are_sections(indexed):
    tmp, _, _, _ = indexed
    store = IndexStore.open(tmp / "data" / "index" / "current" / "index.db", read_only=True)
    rows = [(p.document_id, p.section, p.text) for p in store.passages()
            if p.document_id in ('two-column', 'briefing', 'infusion-pumps')]
    store.close()
    text = "\n".join(t for _, _, t in rows)
    for furniture in (HEADER, "Provider collaboratives: lessons from the front line", DOCX_HEADER, DOCX_FOOTER,
                      "All lessons", "Privacy and cookies"):
        assert furniture not in text
    assert not re.search(r"(?m)^\s*(?:Page )?\d+\s*$", text)
    sections = {(d, s) for d, s, _ in rows}
    assert {("two-column", "Starting well"), ("two-column", "Patients first"), ("briefing", "Sharing risk"),
            ("infusion-pumps", "What the nurses said")} <= sections


@pytest.mark.parametrize("question, words, speaker", QUOTED)
def test_quotations_keep_their_attribution_and_nobody_is_credited_with_words_not_their_own(
        answers, question, words, speaker):
    answer = answers[question]
    quotes = [g for s in answer["snippets"] for g in s["segments"] if g["kind"] == "quote"]
    credited = [(pieces(g["text"]), g["speaker"]) for g in quotes if g["speaker"]]
    assert any(all(p in words for p in shown) and (who["name"], who["role"], who["organisation"]) == speaker
               for shown, who in credited), credited
    for shown, who in credited:  # the quote rules: every credited quotation is inside its speaker's own words
        said = SAID.get(who["name"], [])
        assert shown and all(any(p in q for q in said) for p in shown), (shown, who)


def pieces(text: str) -> list[str]:
    """A shown quotation's words, cut where it was shortened ("…"), marks left out."""
    return [p.strip(" “”\"") for p in text.split("…") if p.strip(" “”\"")]


def test_an_unchanged_file_is_not_read_again(indexed):
    """Its checksum (file, sidecar, reader version) matches the index: a truncated PDF whose checksum
    is recorded as indexed is taken as unchanged, which it could not be if it were read."""
    tmp, knowledge, env, _ = indexed
    truncated = knowledge / "truncated.pdf"
    corpus = load_corpus(knowledge, {"truncated": "truncated.pdf"}, None, {"truncated": file_hash(truncated)})
    assert "truncated" in corpus.unchanged and not any(e.path == truncated for e in corpus.errors)
    again = run(["index"], env)
    assert re.search(r"documents 0 added, 0 updated, 0 removed, 7 unchanged; 0 passages embedded", again.stdout)


def test_a_sidecar_change_updates_the_document(tmp_path):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    page = web_page(knowledge)
    env = make_env(tmp_path, knowledge)
    assert run(["index"], env).returncode == 0
    (knowledge / f"{page.stem}.meta.yaml").write_text("publisher: Southmoor Procurement Network\n")
    result = run(["index"], env)
    assert "0 added, 1 updated" in result.stdout, result.stdout
    answer = ask("How did trusts pool their orders for infusion pumps?", env)
    assert snippet_with(answer, first_sentence(WEB_PARAGRAPH))["document"]["publisher"] == \
        "Southmoor Procurement Network"


def test_a_file_damaged_after_indexing_is_skipped_and_keeps_its_last_good_version(tmp_path):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    pdf = two_column_pdf(knowledge).path
    env = make_env(tmp_path, knowledge)
    assert run(["index"], env).returncode == 0
    data = pdf.read_bytes()
    pdf.write_bytes(data[: len(data) // 2])
    result = run(["index"], env)
    assert result.returncode == 1
    assert f"peerbot: skipped {pdf}: corrupt (truncated: no end-of-file marker)" in result.stdout
    answer = ask("Were listening events held at every hospital before any service moved between sites?", env)
    assert snippet_with(answer, first_sentence(P[4]))["document"]["title"] == TWO_COLUMN_TITLE


def test_import_writes_reviewable_markdown_that_indexes_the_same(tmp_path):
    sources, knowledge = tmp_path / "sources", tmp_path / "knowledge"
    sources.mkdir()
    knowledge.mkdir()
    pdf, docx, page = two_column_pdf(sources).path, make_docx(sources).path, web_page(sources)
    env = make_env(tmp_path, knowledge)
    result = run(["import", str(pdf), str(docx), "--publisher", "Eastvale Collaborative", "--url",
                  "https://eastvale.example/lessons"], env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and lines[2] == "Review the text, then run `peerbot index`."
    for line, source, target, title in ((lines[0], pdf, "two-column.md", TWO_COLUMN_TITLE),
                                        (lines[1], docx, "briefing.md", WORD_TITLE)):
        assert re.fullmatch(rf"Imported {re.escape(str(source))} as {re.escape(str(knowledge / target))}: "
                            rf"“{re.escape(title)}” \(Eastvale Collaborative; \d+ words\)", line), line
    text = (knowledge / "two-column.md").read_text()
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == TWO_COLUMN_TITLE and front["publisher"] == "Eastvale Collaborative"
    assert front["url"] == "https://eastvale.example/lessons" and str(front["published"]) == "2024-03-12"
    assert "## Starting well" in text and first_sentence(P[4]) in text and HEADER not in text
    word = (knowledge / "briefing.md").read_text()
    assert f"> “{Q[0][0]}”\n>\n> — {Q[0][1]}" in word  # the quotation and its attribution, as a blockquote
    assert run(["import", str(page)], env).returncode == 0
    assert run(["index"], env).returncode == 0
    answer = ask("How did trusts pool their orders for infusion pumps?", env)
    assert snippet_with(answer, first_sentence(WEB_PARAGRAPH))["document"]["title"] == WEB_TITLE


def test_import_says_when_a_file_has_no_url_so_its_citations_would_have_no_link(tmp_path):
    """A PDF's own metadata has no address: its line says to add one before indexing, or every
    answer citing it would have no link; a page that names its publisher and address says nothing."""
    sources, knowledge = tmp_path / "sources", tmp_path / "knowledge"
    sources.mkdir()
    knowledge.mkdir()
    pdf, page = two_column_pdf(sources).path, web_page(sources)
    result = run(["import", str(pdf), str(page)], make_env(tmp_path, knowledge))
    assert result.returncode == 0, result.stderr
    pdf_line, page_line, _ = result.stdout.splitlines()
    assert pdf_line.endswith(" words; no url: add `url:` to its front matter before `peerbot index` (or import "
                             "with --url), or its citations will lack it)"), pdf_line
    assert re.search(r"\(Southmoor Collaborative; \d+ words\)$", page_line), page_line


def test_import_never_overwrites_and_reports_bad_files_in_one_line_each(tmp_path):
    sources, knowledge = tmp_path / "sources", tmp_path / "knowledge"
    sources.mkdir()
    knowledge.mkdir()
    page = web_page(sources)
    scanned = image_only_pdf(sources).path
    (knowledge / "Infusion_Pumps.md").write_text("# Our own notes\n\nHand-written notes on infusion pumps.\n")
    notes = sources / "notes.txt"
    notes.write_text("Notes\nSome text.\n")
    env = make_env(tmp_path, knowledge)
    result = run(["import", str(page), str(scanned), str(notes), str(sources / "missing.docx")], env)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"peerbot: not imported {page}: {knowledge / 'Infusion_Pumps.md'} already holds document 'infusion-pumps', "
        "so nothing was written: rename the file to import it as another document, or remove that one first",
        f"peerbot: not imported {scanned}: no text layer (a scanned image?)",
        f"peerbot: not imported {notes}: not a file peerbot converts (.pdf, .docx, .html, .htm); a Markdown or text "
        f"file needs no import: copy it into {knowledge}",
        f"peerbot: not imported {sources / 'missing.docx'}: no such file",
    ]
    assert (knowledge / "Infusion_Pumps.md").read_text().startswith("# Our own notes")
    assert sorted(p.name for p in knowledge.iterdir()) == ["Infusion_Pumps.md"]
    assert document_id(page) == "infusion-pumps"


def small_pdf(path: Path, title: str, author: str, company: str = "") -> Path:
    """A one-page PDF whose document information gives this title and Author, and a Company when
    given (as Acrobat's PDFMaker writes it from Word: reportlab writes no such key, so it takes the
    place of the Keywords entry, padded to the same length so every offset stays right)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setKeywords("k" * len(company))
    canvas.drawString(72, 760, title)
    canvas.drawString(72, 730, "The two boards met monthly in common and agreed one plan for elective recovery.")
    canvas.save()
    if company:
        keywords = f"/Keywords ({'k' * len(company)})".encode()
        data = path.read_bytes()
        assert data.count(keywords) == 1
        path.write_bytes(data.replace(keywords, f"/Company ({company})".encode().ljust(len(keywords))))
    return path


PRINTED_TITLE = "How two boards built trust | Westfield Collaborative"
PRINTED_URL = "https://westfield.example/lessons/how-two-boards-built-trust"
PRINTED_BODY = ("The two boards met monthly in common and agreed one plan for elective recovery.",
                "Once the chief executives shared one dashboard, the arguments about whose numbers stopped.")


def browser_printed_pdf(path: Path, pages: int, title: str = PRINTED_TITLE) -> Path:
    """A web page printed to PDF as Chrome prints it (a real print's layout, drawn with reportlab):
    in 8-point print, the date and time and the page's title above the text, its address and "1/2"
    below; the body in 12 point; Chrome's user agent as Creator, Skia as Producer."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=(612, 792), invariant=1)
    canvas.setTitle(title)
    canvas.setCreator("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 "
                      "Safari/537.36")
    canvas.setProducer("Skia/PDF m156")
    for page in range(1, pages + 1):
        canvas.setFont("Helvetica", 8)
        canvas.drawString(24, 776, "11/29/26, 7:33 PM")
        canvas.drawString(255, 776, title)
        canvas.drawString(24, 18, PRINTED_URL)
        canvas.drawRightString(588, 18, f"{page}/{pages}")
        canvas.setFont("Helvetica", 12)
        canvas.drawString(34, 700, PRINTED_BODY[0] if page == 1 else "The plan was reviewed every quarter.")
        canvas.drawString(34, 680, PRINTED_BODY[1])
        canvas.showPage()
    canvas.save()
    return path


@pytest.mark.parametrize("pages", [1, 2])
def test_a_browser_printed_pdf_loses_the_browser_s_margins_and_takes_no_print_date_as_published(tmp_path, pages):
    """A page printed to PDF from a browser: the date and time, the address and the page counter
    the browser printed stay out of the passages, and the day it was printed is not its
    publication date: `published` is left empty and the import line says so."""
    sources, knowledge = tmp_path / "sources", tmp_path / "knowledge"
    sources.mkdir()
    knowledge.mkdir()
    pdf = browser_printed_pdf(sources / "boards.pdf", pages)
    result = run(["import", str(pdf)], make_env(tmp_path, knowledge))
    assert result.returncode == 0, result.stderr
    line = result.stdout.splitlines()[0]
    assert line.endswith("; no published date: printed from a web browser, so the PDF's date is the day it was "
                         "printed: add `published:` (the page's own date) to its front matter)"), line
    text = (knowledge / "boards.md").read_text()
    front, body = yaml.safe_load(text.split("---\n")[1]), text.split("---\n", 2)[2]
    assert "published" not in front and front["title"] == "How two boards built trust"  # without " | Westfield …"
    assert all(sentence in body for sentence in PRINTED_BODY)
    for furniture in ("7:33 PM", "11/29/26", PRINTED_URL, f"1/{pages}", "Westfield Collaborative"):
        assert furniture not in body, body


@pytest.mark.parametrize(("title", "read"), [
    ("How two boards built trust - Westfield", "How two boards built trust"),  # the site at westfield.example
    ("How two boards built trust – a guide", "How two boards built trust – a guide"),  # not the site's name
    ("Westfield", "Westfield"),
])
def test_a_browser_printed_pdf_s_title_loses_only_a_suffix_naming_the_site_it_was_printed_from(tmp_path, title, read):
    pdf = browser_printed_pdf(tmp_path / "boards.pdf", 1, title)
    assert read_document(pdf).title == read


def test_a_title_with_a_site_suffix_is_kept_whole_when_no_browser_printed_the_pdf(tmp_path):
    assert read_document(small_pdf(tmp_path / "report.pdf", PRINTED_TITLE, "")).title == PRINTED_TITLE


def same_print_pull_quote_pdf(path: Path, boxed: bool) -> Path:
    """A report page with a pull quote whose "— Name, role" line is in the quotation's own print
    (same font and size, no gap), framed or not."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=(595, 842), invariant=1)
    canvas.setFont("Helvetica-Bold", 18)
    canvas.drawString(56, 780, "Building trust between boards")
    canvas.setFont("Helvetica", 10)
    canvas.drawString(56, 740, "The two boards met monthly in common and agreed one plan for elective recovery.")
    canvas.setFont("Helvetica-Oblique", 11)
    canvas.drawString(72, 705, f"“{Q[0][0][:72]}")
    canvas.drawString(72, 690, f"{Q[0][0][72:]}”")
    canvas.drawString(72, 675, f"— {Q[0][1]}")
    if boxed:
        canvas.rect(64, 667, 470, 52)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(56, 640, "The finance directors then shared one dashboard and the arguments stopped.")
    canvas.save()
    return path


@pytest.mark.parametrize("boxed", [False, True], ids=["open", "framed"])
def test_a_pull_quote_s_attribution_in_the_same_print_is_the_quotation_s_not_its_text(tmp_path, boxed):
    """Before: the "— Amara Okafor, Chief executive, ..." line was read as the quotation's last line,
    so answers showed it inside the passage and credited no one."""
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    same_print_pull_quote_pdf(knowledge / "boards.pdf", boxed)
    env = make_env(tmp_path, knowledge)
    assert run(["index"], env).returncode == 0
    answer = ask("What was the most useful thing the boards did together before arguing about structures?", env)
    segments = [g for s in answer["snippets"] for g in s["segments"]]
    assert not any("Amara Okafor" in g["text"] for g in segments), segments  # not in the passage's own text
    quotes = [g for g in segments if g["kind"] == "quote"]
    assert any(g["speaker"] and g["speaker"]["name"] == "Amara Okafor" and "single most useful thing" in g["text"]
               for g in quotes), quotes


def test_an_import_s_publisher_is_an_organisation_never_the_person_who_wrote_the_file(tmp_path):
    """A PDF's or Word file's Author is a person more often than not: it is their author, and the
    document has no publisher until one is given, which the import's line asks for; an Author that
    names an organisation, or a Company, is the publisher; an account name is neither."""
    import docx

    sources, knowledge = tmp_path / "sources", tmp_path / "knowledge"
    sources.mkdir()
    knowledge.mkdir()
    person = small_pdf(sources / "person.pdf", "Boards in common", "Jane Whitfield")
    account = small_pdf(sources / "account.pdf", "Recovery plans", "Microsoft Office User")
    company = small_pdf(sources / "company.pdf", "Shared rotas", "Jane Whitfield", "Eastvale Partnership")
    organisation = small_pdf(sources / "organisation.pdf", "Joint posts", "NHS Providers")
    word = docx.Document()
    word.core_properties.title, word.core_properties.author = "Clinical networks", "Dr Tom Reilly"
    word.add_paragraph("The networks shared one rota for stroke care across the three hospitals of the area.")
    word.save(sources / "word.docx")
    env = make_env(tmp_path, knowledge)
    result = run(["import", *(str(p) for p in (person, account, company, organisation, sources / "word.docx"))], env)
    assert result.returncode == 0, result.stderr
    asked = ("no publisher or url: add `publisher:` and `url:` to its front matter before `peerbot index` (or "
             "import with --publisher and --url), or its citations will lack them")
    lines = result.stdout.splitlines()
    assert [re.sub(r"\d+ words", "N words", line.split("” (", 1)[1]) for line in lines[:5]] == [
        f"N words; {asked})", f"N words; {asked})", "Eastvale Partnership; N words; no url: add `url:` to its front "
        "matter before `peerbot index` (or import with --url), or its citations will lack it)",
        "NHS Providers; N words; no url: add `url:` to its front matter before `peerbot index` (or import with --url), "
        "or its citations will lack it)", f"N words; {asked})"]

    def front(name: str) -> dict:
        return yaml.safe_load((knowledge / name).read_text().split("---\n")[1])

    assert "publisher" not in front("person.md") and front("person.md")["author"] == "Jane Whitfield"
    assert "publisher" not in front("account.md") and "author" not in front("account.md")
    assert (front("company.md")["publisher"], front("company.md")["author"]) == ("Eastvale Partnership", "Jane Whitfield")
    assert (front("organisation.md")["publisher"], front("organisation.md")["author"]) == ("NHS Providers",) * 2
    assert "publisher" not in front("word.md") and front("word.md")["author"] == "Dr Tom Reilly"


@pytest.mark.model
def test_the_real_model_answers_a_paraphrase_from_an_imported_pdf(tmp_path, real_corpus, real_settings, real_query_cache):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    index_dir = tmp_path / "data" / "index"
    shutil.copytree(real_settings.index_dir, index_dir, symlinks=True)  # the session's: only new files are embedded
    if real_query_cache.is_dir():  # the session's exported query encoder: `ask` does not export it again
        shutil.copytree(real_query_cache, tmp_path / "data" / "cache")
    two_column_pdf(knowledge)
    web_page(knowledge)
    env = make_env(tmp_path, knowledge, model=None)
    index = run(["index"], env, timeout=900)
    assert index.returncode == 0 and "documents 2 added, 0 updated, 0 removed, 4 unchanged" in index.stdout
    answer = ask("How did they make sure staff did not hear about service changes second hand?", env)
    assert answer["answered"]
    assert snippet_with(answer, first_sentence(P[4]))["document"]["title"] == TWO_COLUMN_TITLE
