"""What every page needs in the browser: the French page language, the atlas's table style and the phone-width rules."""
from __future__ import annotations

import gc
import threading

import streamlit as st

# Streamlit's index.html says lang="en" and has no setting for it: this fixed script
# (no user input) sets the document's language, read by screen readers and by the
# browser's spelling, hyphenation and number formats.
# The app server's Content-Security-Policy allows this one inline script by its hash
# (server/headers.py): keep the text here and nowhere else.
LANGUAGE_SCRIPT_BODY = "document.documentElement.lang = 'fr';"
_LANGUAGE_SCRIPT = f"<script>{LANGUAGE_SCRIPT_BODY}</script>"

# Phone width (≤ 640 px): wide tables scroll inside their frame instead of widening
# the page, and nothing pushes the page sideways.
_PHONE_STYLE = """<style>
.atlas-tableau { max-width: 100%; max-height: 40rem; overflow: auto; border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; margin-bottom: 1rem; }
.atlas-tableau table { border-collapse: collapse; width: 100%; font-size: 0.875rem; }
.atlas-tableau caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.atlas-tableau th { position: sticky; top: 0; background: #f0f2f6; text-align: left; font-weight: 600; }
.atlas-tableau th, .atlas-tableau td { padding: 0.35rem 0.6rem; border-bottom: 1px solid rgba(49, 51, 63, 0.1); vertical-align: top; }
.atlas-tableau .atlas-nombre { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.atlas-tableau:focus { outline: 2px solid #1f4e79; }
@media (max-width: 640px) {
  section.main, [data-testid="stMain"] { overflow-x: hidden; }
  [data-testid="stDataFrame"], [data-testid="stTable"] { max-width: 100%; overflow-x: auto; }
  [data-testid="stMarkdownContainer"] { overflow-wrap: anywhere; }
}
</style>"""


def page_setup() -> None:
    """Set the page language to French and add the phone-width rules (call once per run)."""
    st.html(_PHONE_STYLE)
    st.html(_LANGUAGE_SCRIPT, unsafe_allow_javascript=True, width="content")


_SETTLED: set[str] = set()
_SETTLE_LOCK = threading.Lock()


def settle_heap(page: str) -> None:
    """After the first complete run of ``page`` in this process, keep its long-lived objects out of the garbage collector's scans.

    Streamlit runs a full garbage collection after every run; with the territories,
    the layers, the libraries and the caches in memory (about 250,000 objects) each
    one took 150–250 ms of CPU, holding the interpreter while the page's last messages
    waited. Collecting once, then ``gc.freeze()``, leaves later collections only the
    objects created since (about 1 ms). Once per page, since pages load different data.
    """
    with _SETTLE_LOCK:
        if page in _SETTLED:
            return
        _SETTLED.add(page)
        gc.collect()
        gc.freeze()
