"""Wiring: from settings to a loaded `Answerer` (model and index loaded once per process)."""

from __future__ import annotations

from bot.answering import Answerer
from bot.scope import ScopeGuard, load_out_of_scope
from bot.settings import Settings
from index.build import BuildReport, build_index
from index.embedder import Embedder, load_embedder
from index.generations import current_generation
from index.search import Searcher
from index.taxonomy import load_enablers
from index.vectors import use_single_thread


def open_answerer(
    settings: Settings, embedder: Embedder | None = None, *, build_if_missing: bool = True
) -> tuple[Answerer, BuildReport | None]:
    """Load the model and the served index; build the index first on a fresh data directory."""
    use_single_thread()
    embedder = embedder or load_embedder(settings.model)
    report = None
    if build_if_missing and current_generation(settings.index_dir) is None:
        report = build_index(settings.knowledge_dir, settings.index_dir, embedder)
    searcher = Searcher(settings.index_dir, embedder)
    scope = ScopeGuard(embedder, load_out_of_scope(settings.knowledge_dir))
    return Answerer(searcher, load_enablers(settings.knowledge_dir), scope), report
