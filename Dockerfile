# The dashboard as one replica: `docker build -t tfsea-dashboard .` (see docs/deploy.md; deploy/compose.yaml runs N
# of them behind nginx). Written and reviewed, not built here: the machine it was written on has no Docker engine.
#
# Pinned base: an exact Python and Debian release. To pin the bytes too, add the digest that
# `docker buildx imagetools inspect python:3.11.7-slim-bookworm` prints: FROM python:3.11.7-slim-bookworm@sha256:…
FROM python:3.11.7-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # The data folder every replica reads and publishes into: a volume shared by the replicas.
    TFSEA_DATA_DIR=/data \
    # Local editor accounts, shared by the replicas (a volume or a secret; see docs/deploy.md).
    TFSEA_ACCOUNTS_FILE=/config/accounts.toml \
    # The allocator settings of components/ui/memory.py SERVER_ENVIRONMENT: less memory kept after it is freed.
    MALLOC_ARENA_MAX=2 \
    ARROW_DEFAULT_MEMORY_POOL=system

# An unprivileged user owns nothing but the data and config folders.
RUN groupadd --system --gid 10001 tfsea \
    && useradd --system --uid 10001 --gid tfsea --home-dir /app --no-create-home --shell /usr/sbin/nologin tfsea \
    && mkdir -p /data /config \
    && chown tfsea:tfsea /data /config

WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY dashboard.py pyproject.toml ./
COPY components/ components/
COPY pages/ pages/
COPY .streamlit/config.toml .streamlit/config.toml
# The shipped data, copied into an empty /data volume once by `seed` (deploy/compose.yaml), never at each start.
COPY data/ /app/data/
# The Mission map's layer files are written here at run time and served at app/static/ (components/charts/served.py).
RUN mkdir -p /app/static && chown tfsea:tfsea /app/static

USER tfsea
EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2).status != 200)"]
CMD ["python", "-m", "streamlit", "run", "dashboard.py", "--server.port", "8501", "--server.address", "0.0.0.0", \
     "--server.headless", "true", "--server.fileWatcherType", "none"]
