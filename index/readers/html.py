"""Web pages (.html) with BeautifulSoup: the article's text, headings, quotations and tables.

The article is `<article>`, `<main>` or `[role=main]`, else the element whose own paragraphs hold
the most text. Navigation, banners, sidebars, forms and scripts inside it are dropped. A
`<blockquote>` keeps its attribution from its `<footer>`/`<cite>`, the `<figcaption>` of its
`<figure>`, a last "— Name" line, or an embedded post's author line outside its `<p>` ("— Jo Bloggs
(@jobloggs) date": the name), as does an `<aside>` that is a pull quote (its text opens with a
quotation mark; other sidebars are dropped); a `<figure>` with no blockquote keeps its `<figcaption>`
as a paragraph (a caption may quote someone); a `<q>` keeps its quotation marks; a `<del>` is not read (an edit
accepted, as Word's tracked changes are); `<s>`, `<strike>` and a span styled `text-decoration: line-through` are
struck as `~~…~~`; what the page hides (`hidden`, `display: none`) is dropped; a `<dl>` is a definition list;
footnote markers and notes, and code in `<pre>`, are dropped. Metadata comes from Open Graph and the usual `<meta>`
tags.
"""

from __future__ import annotations

import re
from pathlib import Path

from index.readers import markdown as md
from index.readers.publisher import author_of, publisher_of
from index.readers.result import ReadError, ReadResult
from index.regular_files import read_regular

_NOISE_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "form", "button", "nav", "aside",
               "header", "footer", "input", "select", "img", "picture", "video", "audio")
_NOISE = {"cookie", "cookies", "consent", "banner", "nav", "navbar", "navigation", "menu", "sidebar", "widget",
          "share", "sharing", "social", "newsletter", "related", "breadcrumb", "breadcrumbs", "comment", "comments",
          "advert", "advertisement", "ads", "promo", "subscribe", "popup", "modal", "skip", "header", "footer",
          "masthead", "complementary", "contentinfo", "footnote", "footnotes", "endnote", "endnotes"}
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "table", "figure", "pre", "dl")
MAX_DEPTH = 256  # elements inside elements: a real page is far shallower, and reading takes time quadratic in it


def read_html(path: Path) -> ReadResult:
    """The page's article as Markdown; ReadError when the file cannot be read."""
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(read_regular(path), "html.parser")
    except OSError as e:
        raise ReadError(path, f"cannot read file ({e.strerror})") from None
    if _depth(soup) > MAX_DEPTH:
        raise ReadError(path, f"elements nested more than {MAX_DEPTH} deep (not a page to read)")
    meta = _metadata(soup)
    h1 = soup.find("h1")
    title = meta.pop("title", "") or (md.clean(h1.get_text(" ")) if h1 else "")
    main = _main(soup)
    if main is None:
        raise ReadError(path, "empty (no text)")
    _drop_hidden(main)
    _mark_inline_quotations(main)
    _mark_struck(main)
    _drop_note_markers(main)
    blocks = _convert(main, title)
    return ReadResult(path, title, md.join_blocks(blocks), meta)


_HIDDEN = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.I)


def _drop_hidden(element) -> None:
    """Each element the page hides (`hidden`, styled `display: none` or `visibility: hidden`) goes: a browser never
    shows its words, so they are never read into a quotation ("“We will <span hidden>never</span> close …”")."""
    for tag in element.find_all(lambda t: t.has_attr("hidden") or _HIDDEN.search(str(t.get("style", "")))):
        if not tag.decomposed:
            tag.decompose()


def _mark_inline_quotations(element) -> None:
    """Each `<q>` as its words in quotation marks, as a browser shows it (“…”, and ‘…’ for one inside
    another), so an inline quotation is read as one and its marks are never lost."""
    for q in reversed(element.find_all("q")):  # the innermost first
        inner = q.find_parent("q") is not None or _inside_typed_marks(q)
        q.replace_with(("‘{}’" if inner else "“{}”").format(q.get_text()))
    element.smooth()


def _inside_typed_marks(q) -> bool:
    """Whether a `<q>` stands inside a quotation its paragraph types with marks (<p>“One man told me, <q>…</q>, and
    …,” said Jo</p>): then it is a quotation inside another, ‘…’, and the outer one keeps its marks."""
    block, before = q.find_parent(["p", "li", "td", "th", "dd", "figcaption", "blockquote"]), ""
    for node in block.descendants if block is not None else ():
        if node is q:
            break
        if isinstance(node, str):
            before += node
    return before.count("“") > before.count("”")


_LINE_THROUGH = re.compile(r"text-decoration(?:-line)?\s*:[^;]*\bline-through\b", re.I)  # a span styled struck


def _mark_struck(element) -> None:
    """The page's edits accepted, as a Word file's tracked changes are: a `<del>` is not read and an `<ins>` is read
    as the page's own words (“We <del>halved</del><ins>cut by a third</ins> the wait,” said Jo: her corrected words).
    Each `<s>`, `<strike>` and element styled `text-decoration: line-through` (words the page shows as no longer
    true) is its words between `~~`, as Markdown strikes text, so a quotation holding them is no one's."""
    for deleted in element.find_all("del"):
        deleted.decompose()
    for struck in reversed(element.find_all(lambda tag: tag.name in ("s", "strike") or _LINE_THROUGH.search(
            str(tag.get("style", ""))))):
        struck.replace_with(f"~~{struck.get_text().strip()}~~")
    element.smooth()


def _after_quotation(sup) -> bool:
    """Whether a superscript is a bare note number right after a closing quotation mark (“…,”<sup>2</sup> said Jo)."""
    before = sup.previous_sibling
    return (re.fullmatch(r"\d{1,3}", sup.get_text(strip=True)) is not None and isinstance(before, str)
            and before.rstrip()[-1:] in ("”", "\"", "»"))


def _drop_note_markers(element) -> None:
    """Each footnote marker goes (`<sup><a href="#fn1">1</a></sup>`, `<sup>[2]</sup>`, an
    `<a role="doc-noteref">`, a bare number right after a closing mark): the notes themselves are dropped as furniture, and a marker read as text
    is a stray number in a sentence. A superscript that is no marker (m<sup>2</sup>) stays."""
    for sup in element.find_all("sup"):
        link = sup.find("a", href=True)
        if ((link is not None and link["href"].startswith("#")) or re.fullmatch(r"\[\d{1,3}\]", sup.get_text(strip=True))
                or _after_quotation(sup)):
            sup.decompose()
    for link in element.find_all("a", attrs={"role": "doc-noteref"}):
        link.decompose()


def _depth(soup) -> int:
    """How deep the page's elements are nested (without recursion: a hostile page may be very deep)."""
    deepest, waiting = 0, [(soup, 0)]
    while waiting:
        element, depth = waiting.pop()
        deepest = max(deepest, depth)
        waiting += [(child, depth + 1) for child in element.children if getattr(child, "name", None)]
    return deepest


def _metadata(soup) -> dict:
    def content(*keys: str) -> str:
        for key in keys:
            tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
            if tag and md.clean(tag.get("content", "")):
                return md.clean(tag["content"])
        return ""

    site = content("og:site_name", "publisher", "application-name")
    title = content("og:title", "twitter:title")
    if not title and soup.title:  # "<title>Article | Site</title>"
        title = md.clean(soup.title.get_text())
        title = re.sub(rf"\s*[|–—-]\s*{re.escape(site)}\s*$", "", title) if site else title
    canonical = soup.find("link", rel="canonical")
    date = content("article:published_time", "date", "dc.date", "DC.date.issued", "citation_publication_date",
                   "datePublished")
    if not date and soup.find("time", datetime=True):
        date = soup.find("time", datetime=True)["datetime"]
    found = re.match(r"\d{4}-\d{2}-\d{2}", date)
    author = content("author", "article:author")
    meta = {"title": title, "publisher": publisher_of(author, site), "author": author_of(author),
            "published": found.group(0) if found else "",
            "url": (canonical.get("href", "") if canonical else "") or content("og:url")}
    return {k: v for k, v in meta.items() if v}


def _main(soup):
    """The element that holds the article, boilerplate removed from it (None when the page has no text)."""
    body = soup.body or soup
    total = sum(len(p.get_text(" ", strip=True)) for p in body.find_all("p"))
    for tag in body.find_all(True):
        if tag.decomposed or _in_quotation(tag) or _pull_quote(tag) or not (tag.name in _NOISE_TAGS or _is_noise(tag)):
            continue
        if tag.name in _NOISE_TAGS or not _holds_article(tag, total):
            tag.decompose()
    candidates = body.find_all(["article", "main"]) + body.find_all(attrs={"role": "main"})
    if candidates:
        return max(candidates, key=lambda t: len(t.get_text(" ", strip=True)))
    scored = [(sum(len(p.get_text(" ", strip=True)) for p in tag.find_all("p", recursive=False)), tag)
              for tag in [body] + body.find_all(["div", "section", "td"])]
    best = max(scored, key=lambda s: s[0], default=(0, None))
    if best[0]:
        return best[1]
    return body if body.get_text(strip=True) else None


def _is_noise(tag) -> bool:
    if tag.name in ("blockquote", "figure", "article", "main", "body"):
        return False
    words = re.split(r"[\s_-]+", " ".join([tag.get("id") or "", *(tag.get("class") or []), tag.get("role") or ""]))
    return bool(_NOISE.intersection(w.lower() for w in words)) or tag.get("aria-hidden") == "true"


def _holds_article(tag, total: int) -> bool:
    """A wrapper with a noisy class ("layout has-sidebar") around the article itself is kept."""
    if tag.find(["article", "main", "h1"]) is not None:
        return True
    return sum(len(p.get_text(" ", strip=True)) for p in tag.find_all("p")) > total / 2


def _pull_quote(tag) -> bool:
    """An `<aside>` whose text opens with a quotation mark: a pull quote, part of the article."""
    return tag.name == "aside" and tag.get_text(" ", strip=True)[:1] in ("“", '"', "‘", "«", "„")


def _in_quotation(tag) -> bool:
    return tag.name in ("footer", "cite", "figcaption") and tag.find_parent(["blockquote", "figure"]) is not None


def _convert(element, title: str) -> list[str]:
    """The element's content as Markdown blocks, in document order."""
    blocks: list[str] = []
    loose: list[str] = []  # text directly inside a container, between blocks

    def flush() -> None:
        if md.clean(" ".join(loose)):
            blocks.append(md.clean(" ".join(loose)))
        loose.clear()

    for child in element.children:
        name = getattr(child, "name", None)
        if name is None:
            loose.append(str(child))
            continue
        if name not in _BLOCKS and not child.find(_BLOCKS):
            loose.append(child.get_text(" "))
            continue
        flush()
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = md.clean(child.get_text(" "))
            if text and not (name == "h1" and text == title):
                blocks.append(md.heading(int(name[1]) if name != "h1" else 2, text))
        elif name in ("p", "pre"):  # code (`<pre><code>`) is no lesson's words
            blocks.append(md.clean(child.get_text(" ")) if child.find("code") is None else "")
        elif name == "dl":
            blocks.append(md.definitions([(t.name, t.get_text(" ")) for t in child.find_all(["dt", "dd"])]))
        elif name in ("ul", "ol"):
            blocks.append("\n".join(md.bullet(li.get_text(" ")) for li in child.find_all("li", recursive=False)))
        elif name == "table" and child.find(["table", "h1", "h2", "h3", "h4", "blockquote"]) is not None:
            blocks += _convert(child, title)  # a table used for layout, not data
        elif name == "table":
            rows = child.find_all("tr")
            blocks.append(md.table([[cell.get_text(" ") for cell in row.find_all(["th", "td"])] for row in rows]))
        elif name in ("blockquote", "aside") or (name == "figure" and child.find("blockquote")):
            blocks.append(_quotation(child))
        elif name == "figure":
            caption = child.find("figcaption")
            blocks.append(md.clean(caption.get_text(" ")) if caption else "")
        else:
            blocks += _convert(child, title)
    flush()
    return [b for b in blocks if b.strip()]


_POST_AUTHOR = re.compile(r"(?:—|–|--?)\s*(?P<name>[^()@—–]{2,80}?)\s*\(@\w{1,30}\)")


def _post_author(quote) -> str:
    """The author line of an embedded post (a tweet: "<p>…</p> — Jo Bloggs (@jobloggs) <a>date</a>", outside
    its paragraph): the name before the handle; "" when the blockquote has no such line."""
    outside = md.clean(" ".join(str(c) if getattr(c, "name", None) is None else c.get_text(" ")
                                for c in quote.children if getattr(c, "name", None) != "p"))
    author = _POST_AUTHOR.match(outside)
    return author.group("name") if author else ""


def _quotation(element) -> str:
    """A blockquote (or a figure around one) as `> ` lines with its attribution."""
    quote = element if element.name in ("blockquote", "aside") else element.find("blockquote")
    credit = quote.find(["footer", "cite"]) or (element.find("figcaption") if element.name == "figure" else None)
    attribution = md.clean(credit.get_text(" ")) if credit else ""
    if credit:
        credit.extract()
    paragraphs = [md.clean(p.get_text(" ")) for p in quote.find_all("p")] or [md.clean(quote.get_text(" "))]
    paragraphs = [p for p in paragraphs if p]
    if not attribution and quote.find("p") is not None:
        attribution = _post_author(quote)
    if not attribution and len(paragraphs) > 1 and md.is_attribution(paragraphs[-1], byline=True):
        attribution = paragraphs.pop()
    attribution = re.sub(r"\s+,", ",", attribution)
    return md.blockquote(paragraphs, attribution)
