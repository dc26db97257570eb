# Build the wheel in one stage, install it in the next: the image holds the installed package
# `veille`, not the source folders.
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
    VEILLE_CONFIG=/app/config.toml \
    VEILLE_DATABASE_URL=sqlite:////data/veille.db

WORKDIR /app
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl \
    && rm -rf /wheels \
    && useradd --system --uid 10001 --home-dir /data --create-home veille \
    && chown -R veille /data
COPY examples ./examples
COPY config.example.toml ./config.toml

USER veille
VOLUME ["/data"]
EXPOSE 3000
# Veille stops within 5 s of SIGTERM (fetches cancelled, the post in flight finished). Give it at
# least the default 10 s grace: `docker stop -t 10`, or `stop_grace_period: 10s` with Compose.
STOPSIGNAL SIGTERM
ENTRYPOINT ["veille"]
CMD ["run"]
