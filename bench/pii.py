"""Print the personal-data guard's figures on the labelled sets of the tests.

    python bench/pii.py

Two sets: ``tests/fixtures/pii/labelled.yaml`` (written independently of the
detector, what copy-paste produces) and ``tests/core/pii_snippets.yaml`` (the older
regression set, written with the first detector). Recall: share of snippets holding
personal data that the guard blocks in their field (and, stricter, where it finds
every expected kind). False-positive rate: share of harmless snippets it would
block. Then the misses per kind, every false positive and miss (invented data
only), and the speed on a long text.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data.actions.pii import KINDS, blocking_kinds, kinds_in  # noqa: E402

SETS = {
    "labelled (independent)": ROOT / "tests" / "fixtures" / "pii" / "labelled.yaml",
    "regression (old set)": ROOT / "tests" / "core" / "pii_snippets.yaml",
}


def blocked(item: dict) -> set[str]:
    """What the guard blocks for this snippet, in its form field."""
    return blocking_kinds(item.get("champ", "resume"), item["texte"])


def report(name: str, items: list[dict]) -> None:
    """Print the figures of one labelled set."""
    positives = [i for i in items if i["attendu"]]
    negatives = [i for i in items if not i["attendu"]]
    caught = [i for i in positives if blocked(i)]
    exact = [i for i in positives if kinds_in(i["texte"]) >= set(i["attendu"])]
    false = [i for i in negatives if blocked(i)]
    print(f"== {name}: {len(items)} snippets ({len(positives)} with personal data, {len(negatives)} harmless)")
    print(f"recall (blocked): {len(caught) / len(positives):.3f}  ({len(caught)}/{len(positives)})")
    print(f"recall (every kind found): {len(exact) / len(positives):.3f}  ({len(exact)}/{len(positives)})")
    print(f"false-positive rate: {len(false) / len(negatives):.3f}  ({len(false)}/{len(negatives)})")
    for kind in KINDS:
        with_kind = [i for i in positives if kind in i["attendu"]]
        found = sum(kind in kinds_in(i["texte"]) for i in with_kind)
        print(f"  {kind:<15} found {found}/{len(with_kind)}, missed {len(with_kind) - found}")
    for item in false:
        print("  false positive:", ascii(item["texte"]), sorted(blocked(item)))
    for item in positives:
        if item not in exact or item not in caught:
            print("  missed:", ascii(item["texte"]), sorted(item["attendu"]), "found", sorted(kinds_in(item["texte"])))


def main() -> None:
    """Figures on both sets, then the speed."""
    everything = []
    for name, path in SETS.items():
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        everything += items
        report(name, items)
    text = " ".join(i["texte"] for i in everything) * 5
    started = time.perf_counter()
    for _ in range(5):
        kinds_in(text)
    per_call = (time.perf_counter() - started) / 5
    print(f"speed: {len(text) / 1000:.0f} k characters in {per_call * 1000:.0f} ms")


if __name__ == "__main__":
    main()
