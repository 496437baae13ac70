"""Print the personal-data detector's figures on the labelled snippets of the tests.

    python bench/pii.py

Recall: share of snippets holding personal data that the detector blocks (and,
stricter, where it finds every expected kind). False-positive rate: share of clean
snippets it would block. Also the speed on a long text.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data.actions.pii import KINDS, kinds_in  # noqa: E402


def main() -> None:
    items = yaml.safe_load((ROOT / "tests" / "unit" / "pii_snippets.yaml").read_text(encoding="utf-8"))
    positives = [i for i in items if i["attendu"]]
    negatives = [i for i in items if not i["attendu"]]
    caught = [i for i in positives if kinds_in(i["texte"])]
    exact = [i for i in positives if kinds_in(i["texte"]) >= set(i["attendu"])]
    false = [i for i in negatives if kinds_in(i["texte"])]
    print(f"snippets: {len(items)} ({len(positives)} with personal data, {len(negatives)} without)")
    print(f"recall (blocked): {len(caught) / len(positives):.3f}  ({len(caught)}/{len(positives)})")
    print(f"recall (every kind found): {len(exact) / len(positives):.3f}  ({len(exact)}/{len(positives)})")
    print(f"false-positive rate: {len(false) / len(negatives):.3f}  ({len(false)}/{len(negatives)})")
    for kind in KINDS:
        with_kind = [i for i in positives if kind in i["attendu"]]
        found = sum(kind in kinds_in(i["texte"]) for i in with_kind)
        print(f"  {kind:<15} {found}/{len(with_kind)}")
    for item in false:
        print("  false positive:", item["texte"])
    for item in positives:
        if item not in exact:
            print("  missed:", item["texte"], sorted(item["attendu"]), sorted(kinds_in(item["texte"])))
    text = " ".join(i["texte"] for i in items) * 20
    started = time.perf_counter()
    for _ in range(10):
        kinds_in(text)
    per_call = (time.perf_counter() - started) / 10
    print(f"speed: {len(text) / 1000:.0f} k characters in {per_call * 1000:.1f} ms")


if __name__ == "__main__":
    main()
