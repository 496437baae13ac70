"""The public queries on actions give the same answers on SQLite and PostgreSQL,
and only published actions ever reach them."""
from __future__ import annotations

from pathlib import Path

from data.accounts.roles import CONTRIBUTOR, MODERATOR, User
from data.actions.fields import empty_saisie
from data.actions.models import ActionFilter
from data.actions.seed import read_seed
from data.actions.workflow import ContributionStore
from data.atlas import PlacePoints
from data.config import load_settings
from data.guide.catalogue import load_guide
from tests.support.seed_samples import DEPARTEMENT_ROW, GOOD_ROW, SECOND_ROW, write_seed

ESAT_ROW = {**GOOD_ROW, "titre": "L'ÉSAT du village", "id": "essai-esat-accent"}


def _titles(repo, **kwargs) -> set[str]:
    return set(repo.list_actions(ActionFilter(**kwargs))["titre"])


def test_public_queries_on_both_databases(engine, tmp_path: Path, geo_cache: Path, territories, contrib_ctx) -> None:
    seed = write_seed(tmp_path / "seed.yaml", [GOOD_ROW, SECOND_ROW, DEPARTEMENT_ROW, ESAT_ROW])
    records = read_seed(seed, load_guide(load_settings({}).guide_file), territories, PlacePoints(geo_cache))
    repo = ContributionStore(engine)
    assert repo.sync_seed(records, "d1").created == 4
    assert repo.sync_seed(records, "d1").unchanged == 4  # idempotent

    assert _titles(repo, texte="ÉSAT") == _titles(repo, texte="esat") == {GOOD_ROW["titre"], ESAT_ROW["titre"]}
    assert _titles(repo, texte="100%_") == set()
    assert _titles(repo, region="75") == {GOOD_ROW["titre"], ESAT_ROW["titre"], SECOND_ROW["titre"]}
    assert _titles(repo, departement="32") == {DEPARTEMENT_ROW["titre"]}
    assert _titles(repo, fiches=(1, 5)) == {GOOD_ROW["titre"], ESAT_ROW["titre"], DEPARTEMENT_ROW["titre"]}
    assert _titles(repo, annee_min=2010, annee_max=2012) == {GOOD_ROW["titre"], ESAT_ROW["titre"], SECOND_ROW["titre"]}
    assert repo.count_by("fiches") == {1: 2, 3: 3, 5: 1}
    mezin = int(repo.list_actions(ActionFilter(texte="revivre"))["id"].iloc[0])
    assert [t for _, t, _ in repo.nearby(mezin, radius_km=150)][:1] == [ESAT_ROW["titre"]]

    # A declared action: invisible until published, then found like the others.
    alice, mod = User("alice", CONTRIBUTOR), User("mod", MODERATOR)
    draft = repo.save_draft(alice, empty_saisie() | {
        "titre": "Théâtre des habitants", "resume": "Un groupe joue ses histoires.",
        "lieu": {"niveau": "commune", "code": "47167"}, "fiches": [5],
    })
    action_id = repo.submit(alice, draft.id, contrib_ctx).action_id
    assert "Théâtre des habitants" not in _titles(repo) and repo.get(action_id) is None
    assert repo.count_by("fiches")[5] == 1 and repo.year_bounds() is not None
    repo.transition(mod, action_id, 1, "publiee")
    assert _titles(repo, texte="theatre habitants") == {"Théâtre des habitants"}
    assert repo.count_by("fiches")[5] == 2
    assert repo.status_counts() == {"publiee": 5}
