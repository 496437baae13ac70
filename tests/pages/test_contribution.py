"""Contribution pages through app.py: role checks on every page, the form, drafts, review, import."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from data import textes
from data.accounts.auth import AccountRepository
from data.actions.workflow import ContributionStore
from data.store.audit import entries
from data.store.db import make_engine, migrate
from tests.support.apptest import count_of, open_page

PASSWORD = "mot de passe de test 123"
USERS = {"alice": "contributeur", "bob": "contributeur", "mod": "moderateur", "mod2": "moderateur", "adm": "admin"}
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "actions"
PAGES = {
    "app_pages/contribuer.py": ("contribute", textes.CONTRIB_TITRE_PAGE),
    "app_pages/brouillons.py": ("contribute", textes.PAGE_BROUILLONS),
    "app_pages/import_actions.py": ("import", textes.IMPORT_ACT_TITRE),
    "app_pages/moderation.py": ("moderate", textes.MODERATION_TITRE),
    "app_pages/comptes.py": ("manage_accounts", textes.COMPTES_TITRE),
}
ALLOWED = {
    None: set(),
    "contributeur": {"contribute", "import"},
    "moderateur": {"contribute", "import", "moderate"},
    "admin": {"contribute", "import", "moderate", "manage_accounts"},
}


def _plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _errors(at) -> list[str]:
    return [_plain(e.value) for e in at.error]


@pytest.fixture
def app(make_app):
    """Build AppTests on a database that already has one account per role."""
    engine = make_engine(os.environ["ATLAS_DATABASE_URL"])
    migrate(engine)
    accounts = AccountRepository(engine)
    for identifiant, role in USERS.items():
        accounts.create(identifiant, role, PASSWORD)
    engine.dispose()

    def build(user: str | None = None, page: str | None = None, **query):
        at = make_app()
        if user:
            at.session_state["auth.user"] = user
        return open_page(at, page, **query)

    return build


def _store() -> ContributionStore:
    return ContributionStore(make_engine(os.environ["ATLAS_DATABASE_URL"]))


@pytest.mark.parametrize("user", [None, "alice", "mod", "adm"])
def test_every_page_checks_the_role_on_the_server(app, user: str | None) -> None:
    at = app(user)
    role = USERS.get(user)
    for page, (permission, title) in PAGES.items():
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        titles = [t.value for t in at.title]
        if permission in ALLOWED[role]:
            assert title in titles and not at.error, (user, page, _errors(at))
        else:
            assert title not in titles, (user, page)
            expected = (
                textes.ROLE_CONNECTEZ_VOUS
                if user is None
                else textes.ROLE_PAGE_REFUSEE.format(
                    role=textes.ROLE_LIBELLES[{"contribute": "contributeur", "import": "contributeur", "moderate": "moderateur", "manage_accounts": "admin"}[permission]],
                    actuel=textes.ROLE_LIBELLES[role],
                )
            )
            assert _errors(at) == [expected], (user, page)


def test_disabled_or_forged_accounts_are_visitors(app) -> None:
    engine = make_engine(os.environ["ATLAS_DATABASE_URL"])
    AccountRepository(engine).update("alice", "adm", actif=False)
    engine.dispose()
    for forged in ("alice", "personne"):
        at = app(forged, "app_pages/contribuer.py")
        assert _errors(at) == [textes.ROLE_CONNECTEZ_VOUS]


@pytest.mark.parametrize(
    "claims, allowed",
    [
        ({"is_logged_in": False}, set()),
        ({"is_logged_in": True, "email": "agent@cd47.fr", "email_verified": True, "groups": ["/atlas-moderateurs"]}, {"contribute", "import", "moderate"}),
        ({"is_logged_in": True, "email": "adm", "email_verified": True}, {"contribute", "import", "moderate", "manage_accounts"}),
        ({"is_logged_in": True, "email": "inconnu@cd47.fr", "groups": ["autre"]}, set()),
    ],
)
def test_oidc_gate_reads_st_user(app, monkeypatch, claims: dict, allowed: set[str]) -> None:
    monkeypatch.setenv("ATLAS_AUTH_MODE", "oidc")
    monkeypatch.setenv("ATLAS_OIDC_ROLE_CLAIM", "groups")
    monkeypatch.setenv("ATLAS_OIDC_ROLE_MAP", "atlas-moderateurs=moderateur")
    at = app()
    at.user = claims
    for page, (permission, title) in PAGES.items():
        at.switch_page(page)
        at.run()
        assert not at.exception
        assert (title in [t.value for t in at.title]) is (permission in allowed), (claims, page, _errors(at))
    at.switch_page("app_pages/connexion.py")
    at.run()
    if claims["is_logged_in"]:
        assert any(textes.CONNEXION_DECONNEXION == b.label for b in at.button)
        if not allowed:
            assert any(i.value == textes.ROLE_OIDC_SANS_ROLE for i in at.info)
    else:
        assert any(b.label == textes.CONNEXION_OIDC_BOUTON for b in at.button)


def test_local_sign_in_and_lockout(app) -> None:
    at = app(None, "app_pages/connexion.py")
    at.text_input(key="connexion.identifiant").set_value("alice")
    at.text_input(key="connexion.mot_de_passe").set_value("faux")
    at.button[0].click().run()
    assert _errors(at) == [textes.CONNEXION_ECHEC] and "auth.user" not in at.session_state
    at.text_input(key="connexion.mot_de_passe").set_value(PASSWORD)
    at.button[0].click().run()
    assert at.session_state["auth.user"] == "alice"
    assert any("alice" in _plain(s.value) for s in at.success)
    for _ in range(5):
        other = app(None, "app_pages/connexion.py")
        other.text_input(key="connexion.identifiant").set_value("bob")
        other.text_input(key="connexion.mot_de_passe").set_value("faux")
        other.button[0].click().run()
    other.text_input(key="connexion.mot_de_passe").set_value(PASSWORD)
    other.button[0].click().run()
    assert "auth.user" not in other.session_state and "Trop d'essais" in _errors(other)[0]
    # Counted in the database and written to the audit log (AppTest gives no client address).
    engine = make_engine(os.environ["ATLAS_DATABASE_URL"])
    log = [(e.operation, e.apres["identifiant"], e.apres["adresse"]) for e in reversed(entries(engine, "connexion"))]
    engine.dispose()
    assert log == [("echec", "alice", None), ("reussite", "alice", None)] + [("echec", "bob", None)] * 5 + [
        ("refus_attente", "bob", None)
    ]


def _fill(at, **values) -> None:
    for key, value in values.items():
        widget = at.text_area(key=f"contrib.{key}") if key in ("resume", "porteurs", "sources") else at.text_input(key=f"contrib.{key}")
        widget.set_value(value)
    at.run()


def test_contribution_draft_pii_resume_submit_and_publish(app) -> None:
    at = app("alice", "app_pages/contribuer.py")
    _fill(at, titre="Atelier théâtre des habitants")
    draft_id = at.query_params["brouillon"]
    assert draft_id.isdigit()
    assert any(c.value.startswith("Brouillon enregistré") for c in at.caption)
    _fill(at, resume="Contact de Mme D. : 06 12 34 56 78.", date_debut="15/09/2021")
    assert any(textes.PII_LIBELLES["telephone"] in e for e in _errors(at))  # shown at once, before submitting
    at.multiselect(key="contrib.fiches").set_value([3]).run()
    at.text_input(key="contrib.lieu_texte").set_value("Mézin").run()
    at.selectbox(key="contrib.lieu_choix").set_value("47167").run()
    assert any("Mézin (47)" in _plain(s.value) for s in at.success)
    at.button(key="contrib.soumettre").click().run()
    errors = _errors(at)
    assert textes.CONTRIB_A_CORRIGER in errors
    assert any(textes.PII_LIBELLES["telephone"] in e for e in errors)
    assert at.text_area(key="contrib.resume").value == "Contact de Mme D. : 06 12 34 56 78."  # nothing erased

    # A new session (closed tab, expired session): the draft comes back from the URL.
    again = app("alice", "app_pages/contribuer.py", brouillon=draft_id)
    assert again.text_input(key="contrib.titre").value == "Atelier théâtre des habitants"
    # The draft never stored the phone number: only its masked hint.
    assert again.text_area(key="contrib.resume").value == "Contact de Mme D. : 06 •• •• •• 78."
    assert again.text_input(key="contrib.date_debut").value == "15/09/2021"
    assert again.multiselect(key="contrib.fiches").value == [3]
    assert any("Mézin (47)" in _plain(s.value) for s in again.success)
    # Someone else cannot open it.
    assert _errors(app("bob", "app_pages/contribuer.py", brouillon=draft_id)) == [textes.BROUILLON_INTROUVABLE]
    # « Mes brouillons » lists it.
    listing = app("alice", "app_pages/brouillons.py")
    assert any("Atelier théâtre des habitants" in _plain(m.value) for m in listing.markdown)

    _fill(again, resume="Un groupe d'habitants écrit et joue ses histoires.")
    again.button(key="contrib.soumettre").click().run()
    assert [s.value for s in again.success][:1] == [textes.CONTRIB_SOUMISE]
    assert "brouillon" not in again.query_params
    action_id = int(_store().queue(statuts=("soumise",))["id"].iloc[0])

    # Not public before review.
    home = app()
    total = count_of(home)
    hidden = app(None, "app_pages/action.py", id=str(action_id))
    assert _errors(hidden) == [textes.ACTION_INTROUVABLE]

    # The moderator sees it in the queue and on the action page with its audit log, then publishes it.
    mod = app("mod", "app_pages/moderation.py")
    assert any(s.value == textes.MODERATION_COMPTE.format(n=1) for s in mod.subheader)
    page = app("mod", "app_pages/action.py", id=str(action_id))
    assert any(s.value == textes.JOURNAL_TITRE for s in page.subheader)
    review = app("mod", "app_pages/moderation.py", id=str(action_id))
    review.button(key=f"mod.refuse.{action_id}").click().run()
    assert textes.MODERATION_MOTIF_OBLIGATOIRE in _errors(review)
    review.button(key=f"mod.publish.{action_id}").click().run()
    assert textes.MODERATION_FAIT["publiee"] in [s.value for s in review.success]
    assert count_of(app()) == total + 1
    log = _store().audit(action_id)
    assert [e.operation for e in log] == ["publish", "creation"] and log[0].auteur == "mod"


def test_place_by_coordinates_and_map_mode(app) -> None:
    at = app("alice", "app_pages/contribuer.py")
    at.radio(key="contrib.lieu_mode").set_value("coordonnees").run()
    at.text_input(key="contrib.lieu_lat").set_value("51,5074")
    at.text_input(key="contrib.lieu_lon").set_value("-0,1278")
    at.button(key="contrib.lieu_placer").click().run()
    assert any("aucune commune française" in e for e in _errors(at))
    at.text_input(key="contrib.lieu_lat").set_value("44,0567")
    at.text_input(key="contrib.lieu_lon").set_value("0,2654")
    at.button(key="contrib.lieu_placer").click().run()
    assert any("Mézin (47)" in _plain(s.value) for s in at.success)
    at.radio(key="contrib.lieu_mode").set_value("carte").run()
    assert not at.exception and any("Mézin (47)" in _plain(s.value) for s in at.success)


def test_conflicting_edits_in_two_sessions(app) -> None:
    app()  # the first run loads the shipped actions
    store = _store()
    action_id = int(store.queue(statuts=("publiee",))["id"].iloc[0])
    first = app("mod", "app_pages/contribuer.py", action=str(action_id))
    second = app("mod2", "app_pages/contribuer.py", action=str(action_id))
    original = first.text_input(key="contrib.titre").value
    _fill(first, titre=original + " (mis à jour)")
    _fill(second, resume="Un résumé réécrit dans la seconde session.")
    first.button(key="contrib.soumettre").click().run()
    assert textes.CONTRIB_MODIFIEE in [s.value for s in first.success]
    second.button(key="contrib.soumettre").click().run()
    assert textes.CONFLIT_MESSAGE in _errors(second)
    table = second.dataframe[0].value
    rows = dict(zip(table[textes.CONFLIT_COL_CHAMP], zip(table[textes.CONFLIT_COL_ENREGISTREE], table[textes.CONFLIT_COL_MIENNE])))
    assert rows[textes.CHAMP_LIBELLES["titre"]] == (original + " (mis à jour)", original)
    assert rows[textes.CHAMP_LIBELLES["resume"]][1] == "Un résumé réécrit dans la seconde session."
    assert store.full(action_id).titre == original + " (mis à jour)"  # nothing overwritten


def test_import_page_preview_then_confirm(app) -> None:
    at = app("alice", "app_pages/import_actions.py")
    content = (FIXTURES / "lignes_invalides.csv").read_bytes()
    at.file_uploader(key="imp.fichier").set_value(("../../etc/passwd.csv", content, "text/csv")).run()
    assert not at.exception
    assert textes.IMPORT_ACT_BILAN.format(lues=12, acceptees=2, nouvelles=2, presentes=0, rejetees=10) in [i.value for i in at.info]
    assert at.dataframe[0].value.shape[0] == 12
    assert any(b.label == textes.IMPORT_ACT_REJETS for b in at.get("download_button"))
    before = len(_store().queue(statuts=("soumise",)))
    at.button(key="imp.confirmer").click().run()
    assert textes.IMPORT_ACT_FAIT.format(n=2) in [s.value for s in at.success]
    assert len(_store().queue(statuts=("soumise",))) == before + 2


def test_accounts_page_creates_an_account(app) -> None:
    at = app("adm", "app_pages/comptes.py")
    at.text_input(key="comptes.identifiant").set_value("claire")
    at.selectbox(key="comptes.role").set_value("moderateur")
    at.text_input(key="comptes.mdp").set_value(PASSWORD)
    at.text_input(key="comptes.mdp2").set_value(PASSWORD)
    at.button[0].click().run()
    assert any("claire" in _plain(s.value) for s in at.success)
    engine = make_engine(os.environ["ATLAS_DATABASE_URL"])
    assert AccountRepository(engine).authenticate("claire", PASSWORD).role == "moderateur"
    engine.dispose()


def test_home_offers_the_exports(app) -> None:
    at = app()
    labels = [b.label for b in at.get("download_button")]
    assert labels == [textes.EXPORT_BOUTONS[f] for f in ("csv", "xlsx", "geojson")]
