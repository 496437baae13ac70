# Atlas du développement social: one app replica (streamlit run app.py).
# Untested on the development machine (no Docker there); the same topology runs in
# tests/faults/test_replicas.py without Docker. See docs/exploitation.md.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    ATLAS_CACHE_DIR=/opt/atlas/cache \
    ATLAS_VAR_DIR=/var/lib/atlas

# pg_dump / pg_restore of the same major version as the server (PostgreSQL 16), for
# `python -m data backup` and `restore` (Debian bookworm ships 15: PGDG's repository).
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && install -d /usr/share/postgresql-common/pgdg \
    && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc https://www.postgresql.org/media/keys/ACCC4CF8.asc \
    && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" > /etc/apt/sources.list.d/pgdg.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && apt-get purge -y curl && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --home-dir /home/atlas --uid 10001 atlas \
    && mkdir -p /opt/atlas/cache /var/lib/atlas \
    && chown atlas:atlas /opt/atlas/cache /var/lib/atlas

WORKDIR /opt/atlas/app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY --chown=atlas:atlas . .

USER atlas
# The territory layers are built once, here, with a throw-away SQLite database:
# a replica starts without preparing anything and without the internet.
RUN ATLAS_DATABASE_URL=sqlite:////tmp/build.db python -m data init && rm -f /tmp/build.db*

EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() == b'ok' else 1)"

# The image listens on every interface of its container (the default run listens on loopback only).
CMD ["python", "-m", "streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
