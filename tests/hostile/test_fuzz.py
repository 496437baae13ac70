"""Mutated files (deterministic: a fixed seed per case): the importers either refuse a file with a
French message or read it keeping rows in = accepted + rejected. Never another exception."""
from __future__ import annotations

import random

import pytest

from data.actions.imports import preview
from data.actions.workflow import ContributionStore
from data.files.tabular import ImportFileError
from data.store.db import make_engine, migrate
from tests.hostile import catalogue as cat
from tests.hostile.harness import indicator_counts, is_french

MUTATIONS = 120
SPECIAL = [b"\x00", b'"', b";", b",", b"\t", b"\r\n", b"\xff", b"\xc3", b"{", b"[", b"]", b"}", b"<", b"=", b"'",
           b"\xef\xbb\xbf", b"NaN", b"1e999", b"\\u0000", b"\\ud800", b"PK\x03\x04"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random edits: flip, insert, delete, duplicate or truncate."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        where = rng.randrange(len(out) + 1)
        kind = rng.randrange(6)
        if kind == 0 and out:
            out[min(where, len(out) - 1)] = rng.randrange(256)
        elif kind == 1:
            out[where:where] = rng.choice(SPECIAL)
        elif kind == 2:
            del out[where:where + rng.randint(1, 40)]
        elif kind == 3:
            start = rng.randrange(len(out) + 1)
            out[where:where] = out[start:start + rng.randint(1, 200)]
        elif kind == 4:
            out = out[:where]
        else:
            out[where:where] = rng.choice(SPECIAL) * rng.randint(2, 300)
    return bytes(out)


ACTION_SEEDS = ("A01", "A03", "A04", "A24", "A33")
INDICATOR_SEEDS = ("N01", "N04", "N12")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'atlas.db'}")
    migrate(engine)
    yield ContributionStore(engine)
    engine.dispose()


@pytest.mark.parametrize("case_id", ACTION_SEEDS)
def test_mutated_action_files(case_id: str, contrib_ctx, store) -> None:  # noqa: F811
    name, data = cat.BY_ID[case_id].payload()
    rng = random.Random(f"{case_id}-actions")
    problems = []
    for number in range(MUTATIONS):
        content = mutate(data, rng)
        try:
            report = preview(content, name, contrib_ctx, store)
        except ImportFileError as exc:
            if not is_french(str(exc)):
                problems.append(f"{number}: {exc}")
            continue
        except Exception as exc:  # noqa: BLE001 - the point: report any other exception
            problems.append(f"{number}: {type(exc).__name__}: {exc}")
            continue
        if report.read != report.accepted + report.rejected:
            problems.append(f"{number}: lignes perdues")
        problems += [f"{number}: motif {r.errors}" for r in report.rows
                     if r.status == "rejetee" and not (r.errors and all(is_french(e) for e in r.errors))]
    assert problems == []
    assert store.status_counts() == {}


@pytest.mark.parametrize("case_id", INDICATOR_SEEDS)
def test_mutated_indicator_files(case_id: str, territories) -> None:
    from data.config import load_settings
    from data.indicators.catalogue import load_catalogue
    from data.indicators.import_plan import ImportOptions
    from data.indicators.imports import prepare_import

    families, catalogue = load_catalogue(load_settings({}).indicators_file)
    case = cat.BY_ID[case_id]
    name, data = case.payload()
    rng = random.Random(f"{case_id}-indicateurs")
    problems = []
    for number in range(MUTATIONS):
        content = mutate(data, rng)
        try:
            plan = prepare_import(name, content, ImportOptions(**case.options), territories, catalogue,
                                  [f.slug for f in families])
        except Exception as exc:  # noqa: BLE001
            problems.append(f"{number}: {type(exc).__name__}: {exc}")
            continue
        read, matched, rejected = indicator_counts(plan)
        if read != matched + rejected:
            problems.append(f"{number}: lignes perdues {plan.summary()}")
        problems += [f"{number}: {m}" for m in plan.errors + [p.message for p in plan.problems] if not is_french(m)]
    assert problems == []
