"""Browser tests: a real `streamlit run app.py` server (tests/app_server.py) and Debian's Chromium.

The session fixtures ``app_url`` and ``browser`` live in tests/conftest.py: tests/hostile/
shares the same server and the same Chromium.
"""
