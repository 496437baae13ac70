"""The house rules, read from the code's imports.

The core (data/, geo/) never imports Streamlit; page scripts never reach the database
layer; no module outside tests/ imports Streamlit's internals; no two modules import
each other, directly or through others.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_FOLDERS = ("data", "geo", "components", "app_pages", "server")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _app_files() -> list[Path]:
    files = [ROOT / "app.py", ROOT / "navigation.py"]
    for folder in APP_FOLDERS:
        files += [f for f in sorted((ROOT / folder).rglob("*.py")) if "migrations" not in f.parts]
    return files


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


def test_http_layer_stays_out_of_the_core_and_the_pages() -> None:
    """Starlette lives in server/ only; the core and the Streamlit layer never import it or server/."""
    offenders = [
        str(f.relative_to(ROOT))
        for folder in ("data", "geo", "components", "app_pages")
        for f in sorted((ROOT / folder).rglob("*.py"))
        if any(m.startswith(("starlette", "server")) for m in _imported_modules(f))
    ]
    assert offenders == []


def test_pages_do_not_touch_the_database() -> None:
    pages = sorted((ROOT / "app_pages").glob("*.py"))
    assert len(pages) >= 10
    for page in pages:
        modules = _imported_modules(page)
        assert not {m for m in modules if m.startswith(("sqlalchemy", "data.store", "data.actions.repository"))}, page.name


def test_no_module_imports_streamlit_internals() -> None:
    internals = ("streamlit.runtime", "streamlit.web", "streamlit.elements", "streamlit.proto")
    offenders = {
        str(f.relative_to(ROOT)): sorted(m for m in _imported_modules(f) if m.startswith(internals))
        for f in _app_files() + sorted((ROOT / "bench").glob("*.py"))
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_import_circle() -> None:
    files = _app_files()
    known = {_module_name(f) for f in files}
    graph: dict[str, set[str]] = {}
    for f in files:
        targets = set()
        for m in _imported_modules(f):
            while m and m not in known:
                m = m.rpartition(".")[0]
            if m and m != _module_name(f):
                targets.add(m)
        graph[_module_name(f)] = targets
    # A package's __init__ importing nothing is the rule here; a package name resolves to it.
    circles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                circles.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif state.get(nxt) is None:
                visit(nxt, path + [nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert circles == []
