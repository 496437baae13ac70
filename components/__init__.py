"""Streamlit layer shared by the pages: the only code that imports Streamlit besides pages and app.py."""
