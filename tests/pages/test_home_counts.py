"""The home page above 2,000 actions: counts per territory on the map, the table still pages through all."""
from __future__ import annotations

import json
import os

import pandas as pd

from components.action_map import POINT_LIMIT
from components.tables import PAGE_SIZE
from data.actions.synthetic import synthetic_actions, write_synthetic
from data.store.db import make_engine
from tests.support.apptest import count_of, html_tables, open_page
from tests.support.apptest import open_app as _open


def _add_synthetic(n: int) -> None:
    """Add ``n`` synthetic published actions to the app's database (placed at their communes' centres)."""
    from geo.territories import Territories

    territories = Territories.load()
    com = territories.communes.loc[territories.communes["type"] == "COM"].head(3000)
    communes = pd.DataFrame(
        {
            "code": com["code"], "nom": com["nom"], "epci": com["epci"], "departement": com["departement"],
            "region": com["region"], "population": com["population"].clip(lower=1), "lat": 45.0, "lon": 2.0,
        }
    )
    engine = make_engine(os.environ["ATLAS_DATABASE_URL"])
    write_synthetic(engine, synthetic_actions(n, communes))
    engine.dispose()


def _map_args(at) -> dict:
    """The arguments the home map received (the component's JSON)."""
    (component,) = [e for e in at.get("component_instance") if "carte_atlas" in e.proto.component_name]
    return json.loads(component.proto.json_args)


def test_counts_mode_pages_through_every_action(make_app) -> None:
    first = _open(make_app)
    shipped = count_of(first)
    _add_synthetic(POINT_LIMIT + 100)
    at = _open(make_app)
    total = count_of(at)
    assert total == shipped + POINT_LIMIT + 100
    args = _map_args(at)
    assert args["points"] == [] and sum(c["count"] for c in args["counts"]) >= total - 10  # counts, not points
    page_one = [row[0][1] for row in html_tables(at)[0][1:]]
    assert len(page_one) == PAGE_SIZE
    at.button(key="page.suivante").click().run()
    page_two = [row[0][1] for row in html_tables(at)[0][1:]]
    assert len(page_two) == PAGE_SIZE and not set(page_one) & set(page_two)
    last = open_page(make_app(page=str(-(-total // PAGE_SIZE))))  # the last page, from the address
    rows = html_tables(last)[0][1:]
    assert len(rows) == (total % PAGE_SIZE or PAGE_SIZE)
