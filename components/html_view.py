"""Tables and link lists written as HTML, so that links to the atlas's pages stay in the tab.

Streamlit opens a table's link column and a Markdown link in a new tab; a new tab
loses what the page was doing. These fragments are plain HTML shown with
``st.html``: every text is escaped here, addresses go through the same check as
Markdown links (``components.markdown.safe_url``), and Streamlit's sanitiser runs
on the result too. A link to one of the atlas's pages opens in the same tab; a
link to an outside source opens a new one.
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import streamlit as st

from components.markdown import safe_url


@dataclass(frozen=True)
class Link:
    """A table cell or list item that links to ``href``."""

    text: str
    href: str


Cell = str | Link | None


def anchor(text: str, href: str) -> str:
    """An escaped ``<a>``: same tab for the atlas's pages, new tab for outside sources."""
    url = safe_url(href)
    label = html.escape("" if text is None else str(text))
    if url is None:
        return label
    if url.startswith("/"):
        return f'<a href="{html.escape(url, quote=True)}">{label}</a>'
    return f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{label}</a>'


def cell_html(cell: Cell) -> str:
    """One cell's escaped HTML."""
    if isinstance(cell, Link):
        return anchor(cell.text, cell.href)
    return html.escape("" if cell is None else str(cell))


def table_html(columns: Sequence[Cell], rows: Iterable[Sequence[Cell]], caption: str, numeric: Iterable[int] = ()) -> str:
    """A ``<table>`` with a caption, header cells and rows; ``numeric`` columns align right."""
    right = set(numeric)

    def attrs(i: int) -> str:
        return ' class="atlas-nombre"' if i in right else ""

    head = "".join(f'<th scope="col"{attrs(i)}>{cell_html(c)}</th>' for i, c in enumerate(columns))
    body = "".join(
        "<tr>" + "".join(f"<td{attrs(i)}>{cell_html(c)}</td>" for i, c in enumerate(row)) + "</tr>" for row in rows
    )
    return (
        f'<div class="atlas-tableau" role="region" tabindex="0" aria-label="{html.escape(caption, quote=True)}">'
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def show_table(columns: Sequence[Cell], rows: Iterable[Sequence[Cell]], caption: str, numeric: Iterable[int] = ()) -> None:
    """Draw a table whose links stay in the tab (see :func:`table_html`)."""
    st.html(table_html(columns, rows, caption, numeric))


def links_html(items: Iterable[Link | str], separator: str = ", ", empty: str = "—") -> str:
    """Links (or plain texts) in one line, escaped."""
    parts = [cell_html(item) for item in items]
    return separator.join(parts) if parts else html.escape(empty)


def show_links(items: Iterable[Link | str], separator: str = ", ", empty: str = "—", before: str = "") -> None:
    """One paragraph of links that stay in the tab, after an optional plain text."""
    prefix = f"{html.escape(before)} " if before else ""
    st.html(f'<p class="atlas-liens">{prefix}{links_html(items, separator, empty)}</p>')


def show_sentence(template: str, link: Link, placeholder: str = "{lien}") -> None:
    """A sentence whose ``placeholder`` is replaced by a link (the rest escaped)."""
    before, _, after = template.partition(placeholder)
    st.html(f'<p class="atlas-liens">{html.escape(before)}{cell_html(link)}{html.escape(after)}</p>')


def show_link_list(items: Iterable[Cell | tuple[Link, Cell]], empty: str = "—") -> None:
    """A bulleted list of links (or plain texts), each optionally followed by a plain or linked detail."""
    lines = []
    for item in items:
        if isinstance(item, tuple):
            link, detail = item
            lines.append(f"<li>{cell_html(link)} — {cell_html(detail)}</li>")
        else:
            lines.append(f"<li>{cell_html(item)}</li>")
    st.html(f'<ul class="atlas-liens">{"".join(lines)}</ul>' if lines else f"<p>{html.escape(empty)}</p>")
