"""A year of enablers of the week on the bundled corpus (stop 48): how many show no key practice, or one that is a view.

    OMP_NUM_THREADS=1 HF_HUB_OFFLINE=1 nice -n 5 .venv/bin/python benchmarks/digest_features48.py DATA_DIR KNOWLEDGE_DIR

Opens the index `peerbot index` built with the real model in DATA_DIR over KNOWLEDGE_DIR (a copy of the bundled
corpus; built first when not there yet), then composes the 52 weekly
digests of 2027 with no questions (the feature rotating through the taxonomy as quiet weeks do) and prints each
week's enabler of the week and key practice, and the weeks whose key practice is missing or a view (`kind_of`).
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from bot.corpus import open_corpus  # noqa: E402
from bot.digest.gather import compose_week  # noqa: E402
from bot.digest.week import Week  # noqa: E402
from bot.enablers.deeds import kind_of  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.state import StateStore  # noqa: E402


def main(data: Path, knowledge: Path) -> None:
    corpus, _ = open_corpus(Settings(data_dir=data, knowledge_dir=knowledge))
    state = StateStore(Path(tempfile.mkdtemp(prefix="s48-digest-features-")) / "peerbot.db")
    week = Week.of(datetime(2027, 1, 4, tzinfo=UTC))
    missing, views, featured = [], [], Counter()
    try:
        for _ in range(52):
            start = datetime.combine(week.day(1), datetime.min.time(), UTC)
            digest = compose_week(corpus, state, week, start, start + timedelta(days=7))
            feature = digest.feature
            practice = feature.practice.text if feature and feature.practice else ""
            featured[feature.enabler.id if feature else ""] += 1
            print(f"{week}  {feature.enabler.id if feature else '-':32} {practice[:70]}")
            if not practice:
                missing.append(str(week))
            elif kind_of(practice) == "view":
                views.append(str(week))
            week = week.next()
    finally:
        state.close()
        corpus.close()
    print(f"weeks with no key practice: {len(missing)} of 52 {missing}")
    print(f"weeks whose key practice is a view: {len(views)} of 52 {views}")
    print(f"enablers featured: {len(featured)}; most often: {featured.most_common(3)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
