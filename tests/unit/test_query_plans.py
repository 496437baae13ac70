"""Map queries by territory, fiche, method and text are served by indexes (issue 6)."""
from __future__ import annotations

import pytest

from data.db import make_engine, migrate
from data.models import ActionFilter
from data.repository import ActionRepository

CASES = [
    (ActionFilter(departement="47"), "ix_actions_departement"),
    (ActionFilter(commune="47167"), "ix_actions_commune"),
    (ActionFilter(fiches=(3,)), "ix_action_fiches_fiche_numero"),
    (ActionFilter(methodes=("theatre-forum",)), "ix_action_methodes_methode"),
    (ActionFilter(texte="esat"), "actions_fts"),
    (ActionFilter(region="75", texte="jardin partagé"), "actions_fts"),
]


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> ActionRepository:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('plans') / 'p.db'}")
    migrate(engine)
    return ActionRepository(engine)


@pytest.mark.parametrize(("flt", "index"), CASES)
def test_sqlite_plans_use_indexes(repo: ActionRepository, flt: ActionFilter, index: str) -> None:
    plan = repo.explain(flt)
    assert any(index in step for step in plan), plan
    full_scans = [s for s in plan if s.startswith("SCAN ") and "VIRTUAL TABLE INDEX" not in s]
    assert full_scans == [], plan


def test_fts_index_follows_inserts_updates_and_deletes(repo: ActionRepository) -> None:
    import datetime as dt

    import sqlalchemy as sa

    from data import schema

    now = dt.datetime.now(dt.timezone.utc)
    values = dict(
        external_id="fts-1", titre="t", resume="r", niveau_lieu="commune", code_lieu="47167", lat=44.0, lon=0.2,
        porteurs=[], provenance="documentee", origine="seed", statut="publiee", texte_recherche="atelier cuisine",
        created_at=now, updated_at=now,
    )
    with repo.engine.begin() as conn:
        action_id = conn.execute(sa.insert(schema.actions).values(**values)).inserted_primary_key[0]
    assert repo.count_matching(ActionFilter(texte="cuisi")) == 1
    with repo.engine.begin() as conn:
        conn.execute(sa.update(schema.actions).where(schema.actions.c.id == action_id).values(texte_recherche="jardin"))
    assert repo.count_matching(ActionFilter(texte="cuisi")) == 0
    assert repo.count_matching(ActionFilter(texte="jardin")) == 1
    with repo.engine.begin() as conn:
        conn.execute(sa.delete(schema.actions).where(schema.actions.c.id == action_id))
    assert repo.count_matching(ActionFilter(texte="jardin")) == 0
