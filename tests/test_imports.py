"""The layers, as imports (read with `ast` by tests/import_graph.py, lazy imports included):

- the chat adapters (bot/slack, bot/teams) import nothing from the index and, of the core, only
  the facade, the request and result types, settings, the shared wording, the log-filter helper and
  the typed-words fold;
- the rest of `bot/` reaches the index only through its front door, the `index` package;
- the index never imports `bot`;
- no package depends on itself through others, and no module either.
"""

from __future__ import annotations

import pytest
from import_graph import cycles, graph, modules, package_graph

ADAPTERS = ("bot.slack", "bot.teams")
FACADE = {"bot.service"}
TYPES = {"bot.question", "bot.answer", "bot.summary", "bot.records", "bot.digest.model", "bot.lessons.model"}
SETTINGS = {"bot.settings", "bot.setting_values"}
WORDING = {"bot.messages", "bot.digest.messages", "bot.lessons.messages", "bot.plaintext"}  # bot.plaintext: the text renderings
LOGS = {"bot.log_filters"}  # imports nothing of peerbot's
TYPED = {"bot.typed_words"}  # imports nothing of peerbot's: a command's words as typed plainly
ADAPTER_MAY_USE = FACADE | TYPES | SETTINGS | WORDING | LOGS | TYPED

EDGES = graph()


def within(module: str, packages: set[str] | tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_the_graph_sees_every_module_and_lazy_imports():
    assert {"bot.service", "bot.slack.handlers", "bot.teams.app", "index", "index.build"} <= set(EDGES)
    assert "bot.corpus" in EDGES["bot.cli.asking"]  # imported inside a function


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_adapters_use_only_the_facade_the_types_settings_and_wording(adapter):
    wrong = {
        (module, target)
        for module, targets in EDGES.items() if within(module, (adapter,))
        for target in targets if not within(target, (adapter,)) and not within(target, ADAPTER_MAY_USE)
    }
    assert wrong == set()


@pytest.mark.parametrize("helper", sorted(LOGS | TYPED))
def test_the_pure_helpers_adapters_use_import_nothing_of_peerbots(helper):
    assert {t for t in EDGES[helper] if within(t, ("bot", "index"))} == set()


def test_bot_imports_the_index_only_through_its_front_door():
    wrong = {(m, t) for m, targets in EDGES.items() if m.startswith("bot") for t in targets if t.startswith("index.")}
    assert wrong == set()


def test_the_index_never_imports_bot():
    assert {(m, t) for m, targets in EDGES.items() if m.startswith("index") for t in targets if t.startswith("bot")} == set()


def test_no_package_cycles():
    assert cycles(package_graph(EDGES)) == []


def test_no_module_cycles():
    assert cycles(EDGES) == []


def test_the_cycle_check_finds_a_cycle():
    """Guards the two tests above against passing vacuously."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    edges = {"bot.digest.posting": {"bot.teams.digest"}, "bot.teams.cards": {"bot.digest.model"}}
    assert cycles(package_graph(edges)) == [["bot.digest", "bot.teams"]]


def test_every_module_is_in_a_package():
    assert all(name.split(".")[0] in ("bot", "index") for name in modules())


def test_the_index_front_door_exports_what_it_names_and_no_name_shadows_a_module():
    import index

    submodules = {name.split(".")[1] for name in modules() if name.startswith("index.")}
    assert set(index.__all__).isdisjoint(submodules)  # `from index import x` must never get a module instead
    assert all(getattr(index, name) is not None for name in index.__all__)
