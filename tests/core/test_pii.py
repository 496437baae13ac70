"""The personal-data detector: figures on the labelled French snippets, and its checks."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from data.actions.pii import KINDS, find_pii, kinds_in, mask, nir_key_ok

SNIPPETS = Path(__file__).with_name("pii_snippets.yaml")


def labelled() -> list[dict]:
    """The labelled snippets shipped with the tests."""
    return yaml.safe_load(SNIPPETS.read_text(encoding="utf-8"))


def figures(items: list[dict]) -> dict[str, float]:
    """Recall (snippets with personal data that are blocked) and false-positive rate."""
    positives = [i for i in items if i["attendu"]]
    negatives = [i for i in items if not i["attendu"]]
    caught = sum(bool(kinds_in(i["texte"])) for i in positives)
    exact = sum(kinds_in(i["texte"]) >= set(i["attendu"]) for i in positives)
    false = sum(bool(kinds_in(i["texte"])) for i in negatives)
    return {
        "n": len(items),
        "positives": len(positives),
        "negatives": len(negatives),
        "recall": caught / len(positives),
        "recall_by_kind": exact / len(positives),
        "false_positive_rate": false / len(negatives),
    }


def test_labelled_set_is_large_and_balanced() -> None:
    items = labelled()
    assert len(items) >= 100
    assert all(set(i["attendu"]) <= set(KINDS) for i in items)
    for kind in KINDS:
        assert sum(kind in i["attendu"] for i in items) >= 10, kind
    assert sum(not i["attendu"] for i in items) >= 50


def test_recall_and_false_positive_rate_meet_the_targets() -> None:
    result = figures(labelled())
    assert result["recall"] >= 0.98, result
    assert result["recall_by_kind"] >= 0.98, result
    assert result["false_positive_rate"] <= 0.02, result


def test_nir_key_check() -> None:
    assert nir_key_ok("1850575123456", "73")
    assert not nir_key_ok("1850575123456", "99")
    assert nir_key_ok("178022A004012", "74")  # Corse-du-Sud: 2A read as 19
    assert nir_key_ok("263122B033145", "40")  # Haute-Corse: 2B read as 18
    assert kinds_in("1 85 05 75 123 456 73") == {"nir"}
    assert kinds_in("1 85 05 75 123 456 99") == set()


@pytest.mark.parametrize(
    "text",
    ["06 12 34 56 78", "06.12.34.56.78", "06-12-34-56-78", "0612345678", "+33 6 12 34 56 78", "+33612345678",
     "+33 (0)6 12 34 56 78", "0033 6 12 34 56 78", "01 42 68 53 00", "09 51 23 45 67"],
)
def test_french_phone_formats(text: str) -> None:
    assert kinds_in(f"joindre au {text} demain") == {"telephone"}


def test_mask_hides_the_value_and_positions_are_given() -> None:
    text = "Écrire à karim.benali@gmail.com demain"
    (finding,) = find_pii(text)
    assert finding.kind == "email" and text[finding.start : finding.end] == "karim.benali@gmail.com"
    hint = mask(text, finding)
    assert hint.startswith("ka") and hint.endswith("om") and "benali" not in hint


def test_empty_and_none() -> None:
    assert find_pii(None) == [] and find_pii("") == []
