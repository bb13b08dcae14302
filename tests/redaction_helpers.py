"""The redaction benchmark (benchmarks/redaction.py) as a module, for the redaction tests: its sets, their
loading and scoring, and the people and organisations the bundled corpus names."""

import importlib.util

from conftest import ROOT

from bot.redact import publish

_spec = importlib.util.spec_from_file_location("redaction_benchmark", ROOT / "benchmarks" / "redaction.py")
benchmark = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(benchmark)


def publish_corpus_names() -> None:
    """The people and organisations the bundled corpus names, published as `open_corpus` publishes them."""
    publish(benchmark.leaders(), benchmark.organisations())
