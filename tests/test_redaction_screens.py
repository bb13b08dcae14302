"""Redaction's finders run some patterns only on text holding a word every match needs (`bot.cue_literals.Screened`:
"patient", "mum", "bed" …). A screen never passes over text its pattern matches: checked over every text of the
redaction sets' tuning halves (never a held-out one) and the tuning questions, as typed and as `find` reads them
(folded, Slack's markup taken off), and over texts made to hold a match with the screen's words in other cases."""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path

import pytest

import bot.redact
from bot.cue_literals import Screened
from bot.redact import find
from bot.redact.unmarked import unmarked
from bot.typed_words import folded

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import redaction as benchmark  # noqa: E402

TUNING = [(path, half) for title, path, half in benchmark.SETS if "tuning" in title]


def screens() -> list[tuple[str, Screened]]:
    found = []
    for module_info in pkgutil.iter_modules(bot.redact.__path__):
        module = importlib.import_module(f"bot.redact.{module_info.name}")
        for name, value in vars(module).items():
            for item in value if isinstance(value, tuple) else (value,):
                if isinstance(item, Screened):
                    found.append((f"{module_info.name}.{name}", item))
    return found


def texts() -> list[str]:
    rows = [row["text"] for path, half in TUNING for row in benchmark.load(path, half)]
    for path in sorted((ROOT / "tests" / "data").glob("questions_tune*.jsonl")):
        rows += [json.loads(line)["q"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    read = [unmarked(folded(text)[0])[0] for text in rows]
    return list(dict.fromkeys([*rows, *read, *(t.upper() for t in rows), *(t.title() for t in rows)]))


def test_the_finders_screen_their_patterns_and_the_tuning_halves_are_the_only_sets_read():
    assert sum(screen.needs is not None for _, screen in screens()) >= 10
    assert TUNING and all("heldout" not in path.name and half in (None, 0) for path, half in TUNING)


@pytest.mark.parametrize("name, screen", screens(), ids=[name for name, _ in screens()])
def test_a_screen_never_passes_over_text_its_pattern_matches(name, screen):
    matched = [text for text in texts() if screen.pattern.search(text)]
    assert [text for text in matched if not screen.possible(text)] == []
    if screen.needs is not None:
        passed = [text for text in texts() if not screen.possible(text)]
        assert passed and not any(screen.pattern.search(text) for text in passed)  # it does pass some over


def test_screened_finders_find_what_they_found_unscreened():
    """The same spans with the screens as with every pattern run (a screen forced open)."""
    sample = texts()[::7]
    screened = [find(text) for text in sample]
    opened = []
    for _, screen in screens():
        opened.append((screen, screen.needs))
        screen.needs = None
    try:
        assert [find(text) for text in sample] == screened
    finally:
        for screen, needs in opened:
            screen.needs = needs
