"""Territory dossier: a few printable PDF pages per territory (no Streamlit here)."""
