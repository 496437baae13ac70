"""The personal-data guard on the labelled set written independently of it, on the issue's
variants (what French software and copy-paste produce), and in the form's messages."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from data.actions.pii import KINDS, blocking_kinds, find_pii, kinds_in, redact
from data.actions.pii_text import normalise
from data.actions.validation import pii_errors

LABELLED = Path(__file__).resolve().parents[1] / "fixtures" / "pii" / "labelled.yaml"


def labelled() -> list[dict]:
    """The independent labelled set."""
    return yaml.safe_load(LABELLED.read_text(encoding="utf-8"))


def blocked(item: dict) -> set[str]:
    """What the guard blocks for this snippet in its form field."""
    return blocking_kinds(item.get("champ", "resume"), item["texte"])


def test_set_is_large_half_harmless_and_covers_every_kind() -> None:
    items = labelled()
    assert len(items) >= 200
    assert all(set(i["attendu"]) <= set(KINDS) for i in items)
    harmless = [i for i in items if not i["attendu"]]
    assert len(harmless) >= len(items) / 2
    for kind in KINDS:
        assert sum(kind in i["attendu"] for i in items) >= 25, kind
    assert sum(i.get("champ") == "contact_telephone" and not i["attendu"] for i in items) >= 5


def test_recall_and_false_positives_on_the_independent_set() -> None:
    items = labelled()
    positives = [i for i in items if i["attendu"]]
    negatives = [i for i in items if not i["attendu"]]
    missed = [i["texte"] for i in positives if not blocked(i)]
    false = [i["texte"] for i in negatives if blocked(i)]
    assert 1 - len(missed) / len(positives) >= 0.97, [ascii(t) for t in missed]
    assert len(false) / len(negatives) <= 0.02, [ascii(t) for t in false]
    wrong_kind = [i["texte"] for i in positives if not kinds_in(i["texte"]) >= set(i["attendu"])]
    assert 1 - len(wrong_kind) / len(positives) >= 0.97, [ascii(t) for t in wrong_kind]


# The 25 variants of issue 16 (5 caught and 20 missed by the first detector).
ISSUE_VARIANTS = [
    ("NIR 1\u00a085\u00a005\u00a075\u00a0123\u00a0456\u00a073", "nir"),
    ("NIR 1\u202f85\u202f05\u202f75\u202f123\u202f456\u202f73", "nir"),
    ("tél. 06\u00a012\u00a034\u00a056\u00a078", "telephone"),
    ("tél. 06\u202f12\u202f34\u202f56\u202f78", "telephone"),
    ("tél. ０６ １２ ３４ ５６ ７８", "telephone"),
    ("NIR １ ８５ ０５ ７５ １２３ ４５６ ７３", "nir"),
    ("sécu 1/85/05/75/123/456/73", "nir"),
    ("sécu 1/85/05/75/123/456", "nir"),
    ("NIR 2 88 07 974 12 034 87", "nir"),
    ("NIR 1 76 10 971 05 112 11", "nir"),
    ("+262 692 12 34 56", "telephone"),
    ("+590 690 21 43 65", "telephone"),
    ("+594 694 20 11 22", "telephone"),
    ("+596 696 45 12 78", "telephone"),
    ("+269 332 45 67", "telephone"),
    ("+687 79 12 34", "telephone"),
    ("jean AT exemple DOT fr", "email"),
    ("jean at exemple point fr", "email"),
    ("jean＠exemple.fr", "email"),
    ("jean&#64;exemple.fr", "email"),
    ("jean%40exemple.fr", "email"),
    ("jean [at] exemple [dot] fr", "email"),
    ("jean (a) exemple.fr", "email"),
    ("née en mars 1985", "date_naissance"),
    ("né le 3 mars 1985", "date_naissance"),
]


@pytest.mark.parametrize(("text", "kind"), ISSUE_VARIANTS)
def test_issue_variants_are_caught(text: str, kind: str) -> None:
    assert kind in kinds_in(f"Participante : {text}, suivie par le CCAS.")


def test_positions_point_into_the_original_text() -> None:
    text = "Mail : jean&#64;exemple.fr ; tél. ０６\u00a012\u00a034\u00a056\u00a078."
    found = {f.kind: text[f.start : f.end] for f in find_pii(text)}
    assert found == {"email": "jean&#64;exemple.fr", "telephone": "０６\u00a012\u00a034\u00a056\u00a078"}
    assert "exemple" not in redact(text) and "34" not in redact(text)


def test_normalisation_folds_what_copy_paste_produces() -> None:
    assert normalise("ne\u0301e\u00a0le\u202f3\u2009mars").text == "nee le 3 mars"
    assert normalise("０６\u200b１２").text == "0612"
    assert normalise("a&#64;b%2Efr &amp; 100 %").text == "a@b.fr & 100 %"
    assert normalise("2\u20133").text == "2-3"


def test_numbers_glued_together_are_each_found_and_longer_runs_are_not_phones() -> None:
    text = "appeler le 06 12 34 56 78 07 81 22 45 90"
    assert [text[f.start : f.end] for f in find_pii(text)] == ["06 12 34 56 78", "07 81 22 45 90"]
    assert kinds_in("Référence 1 85 05 75 123 456 99 du marché") == set()  # a key that does not check
    assert kinds_in("SIRET 123 456 789 00012") == set()


def test_public_numbers_and_structure_phone_are_not_blocked() -> None:
    assert kinds_in("Le 0 800 05 95 95 (numéro vert) et le 3919 sont affichés.") == set()
    assert blocking_kinds("contact_telephone", "05 53 47 12 00") == set()
    assert blocking_kinds("resume", "05 53 47 12 00") == {"telephone"}
    assert blocking_kinds("contact_telephone", "1 85 05 75 123 456 73") == {"nir"}


def test_messages_are_french_name_the_kind_and_do_not_echo_the_data() -> None:
    errors = pii_errors({"resume": "Fatima, née le 12/06/1978, 06\u00a098\u00a076\u00a054\u00a032, fatima.b＠gmail.com"})
    messages = " ".join(errors["resume"])
    for label in ("une date de naissance", "un numéro de téléphone", "une adresse e-mail"):
        assert label in messages
    for secret in ("12/06/1978", "98\u00a076\u00a054", "fatima.b", "gmail"):
        assert secret not in messages
