"""Helpers of the AppTest files: open a page through app.py, read the announced count."""
from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

from streamlit.testing.v1 import AppTest


def open_page(at: AppTest, page: str | None = None, **query: str) -> AppTest:
    """Run the app once, then switch to ``page`` with ``query`` in its address; no exception."""
    at.run()
    if page:
        at.switch_page(page)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def count_of(at: AppTest) -> int:
    """The number of actions announced on the map page."""
    heading = next(h.value for h in at.subheader if " correspond" in h.value and "sélection" in h.value)
    return int(heading.split(" ")[0])


def open_app(make_app: Callable[..., AppTest], page: str | None = None, **query: str) -> AppTest:
    """Build the app with ``query`` in its address and open ``page``; no exception."""
    return open_page(make_app(**query), page, **query)


def page_link_targets(at: AppTest) -> list[str]:
    """The same-tab links of the page, as ``/page?query`` addresses."""
    return [f"/{e.proto.page}" + (f"?{e.proto.query_string}" if e.proto.query_string else "") for e in at.get("page_link")]


def page_link_labels(at: AppTest) -> list[str]:
    """The labels of the page's same-tab links."""
    return [e.proto.label for e in at.get("page_link")]


class _HtmlReader(HTMLParser):
    """Reads the tables and links of the atlas's HTML fragments (``components.html_view``)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[tuple[str, str | None]]]] = []
        self.links: list[tuple[str, str, str | None]] = []
        self._cell: list[str] | None = None
        self._href: str | None = None
        self._anchor: tuple[dict, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell, self._href = [], None
        elif tag == "a":
            self._href = values.get("href")
            self._anchor = (values, [])

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._anchor is not None:
            self._anchor[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append(("".join(self._cell), self._href))
            self._cell = None
        elif tag == "a" and self._anchor is not None:
            values, text = self._anchor
            self.links.append(("".join(text), values.get("href") or "", values.get("target")))
            self._anchor = None


def _read_html(at: AppTest) -> _HtmlReader:
    reader = _HtmlReader()
    for element in at.get("html"):
        reader.feed(element.proto.body)
    return reader


def html_tables(at: AppTest) -> list[list[list[tuple[str, str | None]]]]:
    """Every HTML table of the page: rows (header first) of ``(text, link or None)`` cells."""
    return _read_html(at).tables


def html_links(at: AppTest) -> list[tuple[str, str, str | None]]:
    """Every link of the page's HTML fragments: ``(text, href, target)``."""
    return _read_html(at).links


class _TextReader(HTMLParser):
    """The text of an HTML fragment as a reader sees it; links written ``[text](href)``."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href")
            self.parts.append("[")
        elif tag in ("td", "th", "li"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.parts.append(f"]({self._href})")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _walk(node):
    children = getattr(node, "children", None)
    if children is None:
        yield node
        return
    for key in sorted(children):
        yield from _walk(children[key])


def shown_blocks(at: AppTest) -> list[str]:
    """The Markdown and HTML blocks of the page in order, as read: escapes removed, links ``[text](href)``."""
    blocks = []
    for element in _walk(at._tree):
        if element.type == "markdown":
            blocks.append(re.sub(r"\\(.)", r"\1", element.value))
        elif element.type == "html" and "<style>" not in element.value and "<script>" not in element.value:
            reader = _TextReader()
            reader.feed(element.value)
            blocks.append("".join(reader.parts).strip())
    return blocks


def shown_text(at: AppTest) -> str:
    """All the page's Markdown and HTML text in one string (see :func:`shown_blocks`)."""
    return " ".join(shown_blocks(at))


def html_frame(at: AppTest, index: int = 0):
    """One HTML table of the page as a DataFrame of its texts (header texts as column names)."""
    import pandas as pd

    header, *rows = html_tables(at)[index]
    return pd.DataFrame([[text for text, _ in row] for row in rows], columns=[text for text, _ in header])
