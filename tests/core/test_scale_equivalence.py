"""At every size, the atlas's selection equals a plain pandas filter on the same synthetic data (issue 6)."""
from __future__ import annotations

import pandas as pd
import pytest

from data.actions.models import ActionFilter
from data.actions.repository import ActionRepository
from data.actions.search import terms
from data.actions.synthetic import synthetic_actions, write_synthetic
from data.store.db import make_engine, migrate


def _pandas_ids(frame: pd.DataFrame, ids: dict[str, int], flt: ActionFilter) -> set[int]:
    keep = pd.Series(True, index=frame.index)
    place = flt.territory()
    if place:
        keep &= frame[place[0]] == place[1]
    if flt.fiches:
        keep &= frame["fiches"].map(lambda f: bool(set(f) & set(flt.fiches)))
    if flt.methodes:
        keep &= frame["methodes"].map(lambda m: bool(set(m) & set(flt.methodes)))
    if flt.annee_min is not None:
        keep &= frame["annee_fin"].map(lambda e: 2100 if e is None or pd.isna(e) else e) >= flt.annee_min
    if flt.annee_max is not None:
        keep &= frame["annee_debut"] <= flt.annee_max
    from data.actions.search import normalize

    texts = (frame["titre"] + " " + frame["commune_nom"]).map(normalize)
    for term in terms(flt.texte):
        keep &= texts.str.contains(term, regex=False)
    return {ids[e] for e in frame.loc[keep, "external_id"]}


FILTERS = [
    ActionFilter(),
    ActionFilter(departement="33"),
    ActionFilter(region="84", fiches=(3, 7)),
    ActionFilter(methodes=("theatre-forum",), annee_min=2010),
    ActionFilter(texte="jardin"),
    ActionFilter(texte="Théâtre Bordeaux", departement="33"),
    ActionFilter(annee_min=2000, annee_max=2005, texte="at"),
]


@pytest.mark.parametrize("size", [100, 1000, 10000])
def test_selection_matches_pandas(tmp_path, communes, size: int) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    migrate(engine)
    frame = synthetic_actions(size, communes, seed=size)
    write_synthetic(engine, frame)
    repo = ActionRepository(engine)
    import sqlalchemy as sa

    from data.store import schema

    with engine.connect() as conn:
        ids = dict(conn.execute(sa.select(schema.actions.c.external_id, schema.actions.c.id)).all())
    assert len(ids) == size
    for flt in FILTERS:
        expected = _pandas_ids(frame, ids, flt)
        assert repo.count_matching(flt) == len(expected), flt
        limited = repo.list_actions(flt, limit=5000)
        assert set(limited["id"]) == expected or len(expected) > 5000, flt
        by_dep = repo.counts_by_territory(flt, "departement")
        pandas_by_dep = frame.loc[frame["external_id"].map(ids).isin(expected), "departement"].value_counts().to_dict()
        assert by_dep == pandas_by_dep, flt
