"""Markdown's block syntax that is no passage, read before a body is split into blocks (pure).

`source_body` drops what a reader should never see: HTML comments, fenced code, footnote
definitions (`[^1]: …`, a note on the text, not a passage of it), link definitions (`[label]: url`,
whose labels then read as their text), thematic breaks (`---`), and turns a setext heading
(a line underlined with `===` or `---`) into a `##` one, and an HTML `<table>` into a pipe table. `table_rows` reads a pipe table (as every
reader writes a table) as one line a row, "Header: value; Header: value"; `definition_rows` reads
a definition list ("Term" then ": definition") as "Term: definition" lines.
"""

from __future__ import annotations

import re

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n.*?^[ ]{0,3}\1[ \t]*$", re.M | re.S)  # closed: a stray one loses nothing
_STRAY_FENCE = re.compile(r"^[ ]{0,3}(?:`{3,}|~{3,})[^`\n]*$", re.M)
_FOOTNOTE = re.compile(r"^[ ]{0,3}\[\^[^\]\n]+\]:[^\n]*(?:\n(?:[ ]{2,}|\t)[^\n]*)*", re.M)
_DEFINITION = re.compile(r"^[ ]{0,3}\[([^\]\n^][^\]\n]*)\]:[ \t]*<?\S+>?(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$",
                         re.M)
_SHORTCUT = re.compile(r"(?<![!\]\\])\[([^\]\n^][^\]\n]*)\](?![\[(:])")
_SETEXT = re.compile(r"(?:\A|(?<=\n\n))(?P<text>[ ]{0,3}[^\s>#|:\-*+][^\n]*)\n[ ]{0,3}(?P<line>=+|-+)[ \t]*$", re.M)
_BREAK = re.compile(r"^[ ]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.M)
_DELIMITER = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_TERM_DEFINITION = re.compile(r"^:[ \t]+")
_HTML_TABLE = re.compile(r"<table\b[^>]*>(.*?)</table\s*>", re.I | re.S)
_HTML_ROW = re.compile(r"<tr\b[^>]*>(.*?)(?=<tr\b|</tbody|</thead|</tfoot|\Z)", re.I | re.S)
_HTML_CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)(?=<t[hd]\b|</tr|\Z)", re.I | re.S)
_TAG = re.compile(r"<[^<>]*>")


def source_body(body: str) -> str:
    """`body` without the syntax no reader should see (see the module's docstring)."""
    if not any(mark in body for mark in ("<!--", "```", "~~~", "]:", "\n=", "\n-", "\n*", "\n_", "<table", "<TABLE")):
        return body
    body = _HTML_TABLE.sub(_pipe_table, _STRAY_FENCE.sub("", _FENCE.sub("", _COMMENT.sub("", body))))
    body = _FOOTNOTE.sub("", body)
    labels = {m.group(1).strip().lower() for m in _DEFINITION.finditer(body)}
    if labels:
        body = _DEFINITION.sub("", body)
        body = _SHORTCUT.sub(lambda m: m.group(1) if m.group(1).strip().lower() in labels else m.group(0), body)
    body = _SETEXT.sub(lambda m: f"{'##' if m['line'][0] == '=' else '###'} {m['text'].strip()}\n", body)
    return _BREAK.sub("", body)


def _pipe_table(table: re.Match) -> str:
    """An HTML table written inside Markdown as a pipe table, so it is read as any other table is."""
    rows = [[" ".join(_TAG.sub(" ", cell).split()).replace("|", "\\|") for cell in _HTML_CELL.findall(row)]
            for row in _HTML_ROW.findall(table.group(1))]
    rows = [row for row in rows if any(row)]
    if not rows:
        return "\n\n"
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    return "\n\n" + "\n".join(lines[:1] + ["|" + "---|" * len(rows[0])] + lines[1:]) + "\n\n"


def table_rows(lines: list[str]) -> str | None:
    """A pipe table's rows as "Header: value; Header: value" lines (a cell under no header, or an
    empty one, as its value alone); None when `lines` are no table."""
    if len(lines) < 2 or not _DELIMITER.match(lines[1].strip()) or "|" not in lines[0]:
        return None
    header, *rows = [_cells(line) for i, line in enumerate(lines) if i != 1]
    if not rows:
        return "; ".join(c for c in header if c)
    out = []
    for row in rows:
        pairs = [f"{h}: {c}" if h else c for h, c in zip(header + [""] * len(row), row) if c]
        if pairs:
            out.append("; ".join(pairs))
    return "\n".join(out)


def _cells(line: str) -> list[str]:
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") and not line.endswith("\\|") else line
    return [c.strip().replace("\\|", "|") for c in _CELL_SPLIT.split(line)]


def definition_rows(lines: list[str]) -> str | None:
    """A definition list ("Term", then ": definition" lines) as "Term: definition" lines; None when
    `lines` are none."""
    if len(lines) < 2 or _TERM_DEFINITION.match(lines[0].strip()) or not _TERM_DEFINITION.match(lines[1].strip()):
        return None
    out: list[str] = []
    term = ""
    for line in (line.strip() for line in lines):
        if _TERM_DEFINITION.match(line):
            out.append(f"{term}: {_TERM_DEFINITION.sub('', line)}" if term else _TERM_DEFINITION.sub("", line))
        else:
            term = line
    return "\n".join(out)
