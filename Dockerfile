# syntax=docker/dockerfile:1
# Build the wheel in one stage, install it in the next: the image holds the installed package
# `veille`, not the source folders. The libraries are installed from requirements.lock in a layer
# of their own, before any code: a code change rebuilds only the last layer (the wheel, ~3 MB).
FROM python:3.11-slim AS build

WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY tools ./tools
COPY bot ./bot
COPY handlers ./handlers
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim

# Two malloc arenas: each poll thread otherwise keeps its own fragmented heap (a hostile feed
# burst peaked at 354 MB with the default, 258 MB with two).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MALLOC_ARENA_MAX=2 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VEILLE_CONFIG=/app/config.toml \
    VEILLE_DATABASE_URL=sqlite:////data/veille.db

# /data is the one writable folder: the SQLite database and, in console mode, ./veille-files.
RUN groupadd --system --gid 10001 veille \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --create-home veille

WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --no-deps --requirement requirements.lock \
    && pip check
COPY examples ./examples
COPY config.example.toml ./config.toml
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-deps /wheels/*.whl \
    && pip check

USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
# Slack events in HTTP mode ([slack] http_port); health and metrics in every mode ([veille]
# health_port, or http_port in HTTP mode). Both default to 3000.
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4).status != 200)"]
# Veille stops within 5 s of SIGTERM (fetches cancelled, the post in flight finished). Give it at
# least the default 10 s grace: `docker stop -t 10`, or `stop_grace_period: 10s` with Compose.
STOPSIGNAL SIGTERM
ENTRYPOINT ["veille"]
CMD ["run"]
