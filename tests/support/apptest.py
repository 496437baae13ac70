"""Helpers of the AppTest files: open a page through app.py, read the announced count."""
from __future__ import annotations

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
