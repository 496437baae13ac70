"""Map queries by territory, fiche, method and text are served by indexes (issue 6)."""
from __future__ import annotations

import pytest

from data.actions.models import ActionFilter
from data.actions.repository import ActionRepository

CASES = [
    (ActionFilter(departement="47"), "ix_actions_departement"),
    (ActionFilter(commune="47167"), "ix_actions_commune"),
    (ActionFilter(fiches=(3,)), "ix_action_fiches_fiche_numero"),
    (ActionFilter(methodes=("theatre-forum",)), "ix_action_methodes_methode"),
    (ActionFilter(texte="esat"), "TEXT"),
    (ActionFilter(region="75", texte="jardin partagé"), "ix_actions_region|TEXT"),
]
TEXT_INDEX = {"sqlite": "actions_fts", "postgresql": "ix_actions_texte_trgm"}


@pytest.fixture
def repo(engine, territories) -> ActionRepository:
    """A database holding 5,000 synthetic actions, with planner statistics."""
    from data.actions.synthetic import synthetic_actions, write_synthetic

    communes = territories.communes.loc[territories.communes["type"] == "COM"].assign(lat=45.0, lon=2.0)
    write_synthetic(engine, synthetic_actions(5000, communes, seed=7))
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    return ActionRepository(engine)


@pytest.mark.parametrize(("flt", "index"), CASES)
def test_plans_use_indexes_on_both_databases(repo: ActionRepository, flt: ActionFilter, index: str) -> None:
    dialect = repo.engine.dialect.name
    wanted = [TEXT_INDEX[dialect] if name == "TEXT" else name for name in index.split("|")]
    plan = repo.explain(flt)
    assert any(name in step for step in plan for name in wanted), plan
    if dialect == "sqlite":
        full_scans = [s for s in plan if s.startswith("SCAN ") and "VIRTUAL TABLE INDEX" not in s]
    else:
        full_scans = [s for s in plan if "Seq Scan on actions" in s]
    assert full_scans == [], plan


def test_text_index_follows_inserts_updates_and_deletes(repo: ActionRepository) -> None:
    import datetime as dt

    import sqlalchemy as sa

    from data.store import schema

    now = dt.datetime.now(dt.timezone.utc)
    values = dict(
        external_id="fts-1", titre="t", resume="r", niveau_lieu="commune", code_lieu="47167", lat=44.0, lon=0.2,
        porteurs=[], provenance="documentee", origine="seed", statut="publiee", texte_recherche="quetzalcoatl kiwano",
        created_at=now, updated_at=now,
    )
    with repo.engine.begin() as conn:
        action_id = conn.execute(sa.insert(schema.actions).values(**values)).inserted_primary_key[0]
    assert repo.count_matching(ActionFilter(texte="quetzal")) == 1
    with repo.engine.begin() as conn:
        conn.execute(sa.update(schema.actions).where(schema.actions.c.id == action_id).values(texte_recherche="xylophone"))
    assert repo.count_matching(ActionFilter(texte="quetzal")) == 0
    assert repo.count_matching(ActionFilter(texte="xylophone")) == 1
    with repo.engine.begin() as conn:
        conn.execute(sa.delete(schema.actions).where(schema.actions.c.id == action_id))
    assert repo.count_matching(ActionFilter(texte="xylophone")) == 0
