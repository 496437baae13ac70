"""Domain core of the atlas: models, validation, storage and command line.

This package never imports Streamlit; the Streamlit layer lives in ``components/``.
"""
