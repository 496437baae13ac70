# Atlas du développement social: one app replica (streamlit run app.py).
# Untested on the development machine (no Docker there); the same topology runs in
# tests/faults/test_replicas.py without Docker. See docs/exploitation.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    ATLAS_CACHE_DIR=/opt/atlas/cache \
    ATLAS_VAR_DIR=/var/lib/atlas

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
