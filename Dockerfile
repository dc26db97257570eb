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

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
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
ENTRYPOINT ["veille"]
CMD ["run"]
