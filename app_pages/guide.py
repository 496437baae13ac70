"""The guide: what it is, its 26 fiches, its methods and its illustrations."""
from __future__ import annotations

import streamlit as st

from components import cache, stores
from components.guide_view import fiches_table, illustrations_section, methods_section
from components.markdown import md_link
from data import textes

guide = stores.guide()
fiches = stores.fiches()
st.title(textes.PAGE_GUIDE)
st.markdown(textes.GUIDE_INTRO)
st.markdown(textes.GUIDE_POURQUOI)
st.markdown(md_link(textes.GUIDE_LIEN, guide.url))

st.header(textes.GUIDE_FICHES)
st.caption(textes.GUIDE_STATUT_NOTE.format(confirmees=sum(f.statut == "confirmee" for f in fiches)))
fiches_table(fiches, cache.counts("fiches"))

st.header(textes.GUIDE_METHODES)
methods_section()

st.header(textes.GUIDE_ILLUSTRATIONS)
illustrations_section()
