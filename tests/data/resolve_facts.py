"""Turn the question sets' fact references ("fact": "A7.3", a numbered fact in
shared/sources.md) into the passage that states the fact, using fact_map.json.

Run after editing the corpus or the question sets: `python3 tests/data/resolve_facts.py`.
A fact question then expects that passage cited first, and its benefit (or the challenges
topic), since an evidence passage counts as the benefit it is filed under.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent))

from qa import load_corpus  # noqa: E402

corpus = load_corpus()
topic = {p.id: p.topic_key for p in corpus.passages}
fact_map = json.loads((HERE / "fact_map.json").read_text())
for name in ("dev.jsonl", "heldout.jsonl", "unseen.jsonl", "unseen2.jsonl", "unseen3.jsonl", "unseen4.jsonl", "unseen5.jsonl", "unseen6.jsonl", "unseen7.jsonl", "unseen8.jsonl", "unseen9.jsonl", "unseen10.jsonl", "unseen11.jsonl", "unseen12.jsonl", "unseen13.jsonl", "unseen14.jsonl", "unseen15.jsonl", "unseen16.jsonl", "unseen17.jsonl", "unseen18.jsonl", "unseen19.jsonl", "unseen20.jsonl", "unseen21.jsonl", "unseen22.jsonl"):
    path = HERE / name
    out = []
    for line in path.read_text().splitlines():
        item = json.loads(line)
        if "fact" in item:
            pid = fact_map[item["fact"]]
            item["passage"] = pid
            item["expect"] = [topic[pid]]
        out.append(json.dumps(item, ensure_ascii=False))
    path.write_text("\n".join(out) + "\n")
    print(name, sum('"passage"' in line for line in out), "fact questions resolved")
