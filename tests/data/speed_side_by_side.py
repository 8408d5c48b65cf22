"""Time this checkout against another (the code before a change) side by side, alternating, since
this machine's absolute times vary from minute to minute.

    git worktree add /tmp/before f1946a6
    python3 tests/data/speed_side_by_side.py /tmp/before [ROUNDS]

Each round times, in each checkout in turn: `ask()` p50 in process over the English questions of
unseen2-22 (561, three passes), and one cold start of `python -m qa ask`. Prints the medians over
the rounds and the ratios (this checkout / the other).
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent.parent
ASK_P50 = """
import statistics, sys, time
sys.path.insert(0, ".")
from qa import ask
from qa.index import get_index
from qa.evaluate import load_items
index = get_index()
questions = [item.q for n in range(2, 23) for item in load_items(f"{HERE}/tests/data/unseen{n}.jsonl")][:561]
for q in questions: ask(q, index)
times = []
for _ in range(3):
    for q in questions:
        start = time.perf_counter(); ask(q, index); times.append(time.perf_counter() - start)
print(statistics.median(times) * 1000)
"""


def measure(checkout: Path) -> tuple[float, float]:
    code = ASK_P50.replace("{HERE}", str(HERE))
    p50 = float(subprocess.run([sys.executable, "-c", code], cwd=checkout, capture_output=True, text=True, check=True).stdout)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "qa", "ask", "what are the benefits of international collaboration"],
                   cwd=checkout, capture_output=True, check=True)
    return p50, time.perf_counter() - start


def main(other: Path, rounds: int) -> None:
    results: dict[str, list[tuple[float, float]]] = {"this": [], "other": []}
    for _ in range(rounds):
        results["other"].append(measure(other))
        results["this"].append(measure(HERE))
    med = {k: (statistics.median(a for a, _ in v), statistics.median(b for _, b in v)) for k, v in results.items()}
    print(f"ask() p50: {med['other'][0]:.2f} ms before, {med['this'][0]:.2f} ms now ({med['this'][0] / med['other'][0]:.2f}x)")
    print(f"cold start: {med['other'][1]:.2f} s before, {med['this'][1]:.2f} s now ({med['this'][1] / med['other'][1]:.2f}x)")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]).resolve(), int(sys.argv[2]) if len(sys.argv) > 2 else 4)
