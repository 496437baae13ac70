"""The domain core (data/, geo/) must never import Streamlit."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", ["data", "geo"])
def test_core_does_not_import_streamlit(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"no Python file found in {package}/"
    offenders = [
        str(f.relative_to(ROOT))
        for f in files
        if any(m == "streamlit" or m.startswith(("streamlit.", "streamlit_")) for m in _imported_modules(f))
    ]
    assert offenders == []


def test_pages_do_not_touch_the_database() -> None:
    for page in sorted((ROOT / "pages").glob("*.py")):
        modules = _imported_modules(page)
        assert not {m for m in modules if m.startswith(("sqlalchemy", "data.actions.repository", "data.store.db"))}, page.name
