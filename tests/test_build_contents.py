"""A build writes exactly what main's build wrote before issue 14's build work (8506fa8): the same
rows in every table, the same FTS5 index and the same vectors (tests/build_contents.py), for a
build from nothing and for an update, on one process and on worker processes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from build_contents import builds
from conftest import KNOWLEDGE

EXPECTED = Path(__file__).resolve().parent / "data" / "build_contents.json"


@pytest.mark.parametrize("workers", [1, 2])
def test_a_build_writes_what_main_s_build_wrote(tmp_path, workers):
    expected, found = json.loads(EXPECTED.read_text()), builds(tmp_path, KNOWLEDGE, workers)
    for step in ("whole", "updated"):
        for name, summary in expected[step].items():
            if name == "vector_projections":
                assert np.allclose(found[step][name], summary, atol=1e-4), (step, name)
            else:
                assert found[step][name] == summary, (step, name)
