"""Aggregation, storage, classes and similarity of indicators."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from data.indicators.catalogue import Indicator, IndicatorStore, aggregate
from data.indicators.classes import breaks, class_of, natural_breaks, quantile_breaks
from data.indicators.similarity import similar_territories
from data.store.db import make_engine, migrate

MEMBERS = pd.DataFrame(
    {
        "code": ["01001", "01002", "01003", "02001"],
        "epci": ["E1", "E1", "E2", ""],
        "departement": ["01", "01", "01", "02"],
        "region": ["84", "84", "84", "32"],
    }
)


def _value(frame: pd.DataFrame, level: str, code: str) -> float:
    return float(frame.loc[(frame["niveau"] == level) & (frame["code"] == code), "valeur"].iloc[0])


def test_rate_is_the_ratio_of_sums_not_the_mean_of_rates() -> None:
    # 10 unemployed of 100 actives, and 90 of 300: rates 10 % and 30 %.
    communes = pd.DataFrame({"code": ["01001", "01002"], "numerateur": [10.0, 90.0], "denominateur": [100.0, 300.0]})
    values = aggregate(communes, MEMBERS, "ratio", facteur=100)
    assert _value(values, "commune", "01001") == pytest.approx(10.0)
    assert _value(values, "departement", "01") == pytest.approx(25.0)  # 100 / 400, not (10 + 30) / 2
    assert _value(values, "epci", "E1") == pytest.approx(25.0)
    assert _value(values, "france", "FR") == pytest.approx(25.0)


def test_missing_values_stay_missing_never_zero() -> None:
    communes = pd.DataFrame({"code": ["01001", "01002", "01003"], "valeur": [5.0, math.nan, 7.0]})
    summed = aggregate(communes, MEMBERS, "somme")
    assert math.isnan(_value(summed, "commune", "01002"))
    assert math.isnan(_value(summed, "departement", "01"))  # a sum with a hole is unknown
    assert _value(summed, "epci", "E2") == 7.0
    rates = pd.DataFrame({"code": ["01001", "01002"], "numerateur": [5.0, math.nan], "denominateur": [50.0, 60.0]})
    ratio = aggregate(rates, MEMBERS, "ratio", facteur=100)
    assert _value(ratio, "departement", "01") == pytest.approx(10.0)  # computed on communes with both parts
    zero = pd.DataFrame({"code": ["01001"], "numerateur": [0.0], "denominateur": [0.0]})
    assert math.isnan(_value(aggregate(zero, MEMBERS, "ratio"), "commune", "01001"))


def test_weighted_mean_and_no_aggregation() -> None:
    communes = pd.DataFrame({"code": ["01001", "01002"], "valeur": [10.0, 20.0], "poids": [100.0, 300.0]})
    weighted = aggregate(communes, MEMBERS, "moyenne_ponderee")
    assert _value(weighted, "departement", "01") == pytest.approx(17.5)
    medians = aggregate(communes[["code", "valeur"]], MEMBERS, "aucune")
    assert set(medians["niveau"]) == {"commune"}


def test_store_is_idempotent(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'i.db'}")
    migrate(engine)
    store = IndicatorStore(engine)
    indicator = Indicator("essai", "Essai", "Déf.", "%", "emploi", "import", "Source", "aucune")
    assert store.save_indicator(indicator) and not store.save_indicator(indicator)
    frame = pd.DataFrame({"niveau": ["commune", "commune"], "code": ["01001", "01002"], "valeur": [1.5, math.nan]})
    assert store.replace_values("essai", "2021", frame) == (2, 0)
    assert store.replace_values("essai", "2021", frame) == (0, 2)
    frame.loc[0, "valeur"] = 2.5
    assert store.replace_values("essai", "2021", frame) == (1, 1)
    values = store.values("essai", "commune")
    assert values["01001"] == 2.5 and math.isnan(values["01002"])
    assert store.levels() == {"essai": ["commune"]} and store.vintages() == {"essai": "2021"}


def test_builtin_indicators_on_the_real_territories(tmp_path, settings) -> None:
    from data.atlas import open_atlas

    atlas = open_atlas(settings)
    store = atlas.indicators
    population = store.values("population", "departement")
    communes = atlas.territories.communes
    lot_et_garonne = communes.loc[(communes["type"] == "COM") & (communes["departement"] == "47"), "population"].sum()
    assert population["47"] == lot_et_garonne
    assert len(population) == 101 and len(store.values("population", "region")) == 18
    assert store.values("nombre_communes", "departement")["47"] == 319
    density = store.values("densite", "departement")["47"]
    area = store.values("superficie", "departement")["47"]
    assert 5000 < area < 5700 and density == pytest.approx(population["47"] / area)
    france = store.territory_values("france", "FR")
    assert france["population"] == store.values("population", "region").sum()
    assert 0 < france["part_pop_petites_communes"] < 100
    assert atlas.load_indicators() == 0  # second start: nothing recomputed


def test_classes() -> None:
    values = np.array([1, 2, 3, 10, 11, 12, 50, 51, 100, np.nan])
    assert quantile_breaks(values, 4)[-1] == 100
    jenks = natural_breaks(values, 4)
    assert jenks == [3.0, 12.0, 51.0, 100.0]
    assert class_of(2, jenks) == 0 and class_of(51, jenks) == 2 and class_of(float("nan"), jenks) is None
    big = np.random.default_rng(1).lognormal(size=35000)
    assert len(breaks(big, "seuils_naturels")) == 5 and len(breaks(big, "quantiles")) == 5


def test_similarity_ranks_itself_first_and_is_stable() -> None:
    matrix = pd.DataFrame(
        {"a": [1.0, 1.0, 5.0, 2.0, np.nan], "b": [10.0, 10.0, 50.0, 12.0, 1.0]},
        index=["X", "W", "Z", "Y", "V"],
    )
    result = similar_territories(matrix, "X", k=3)
    assert list(result["code"]) == ["X", "W", "Y"]
    assert result.loc[result["code"] == "X", "distance"].iloc[0] == 0.0
    assert result["distance"].is_monotonic_increasing
    assert "V" not in set(similar_territories(matrix, "X", k=10)["code"])  # incomplete rows left out
    assert similar_territories(matrix, "V").empty
