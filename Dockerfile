FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    VEILLE_CONFIG=/app/config.toml \
    VEILLE_DATABASE_URL=sqlite:////data/veille.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY examples ./examples
COPY config.example.toml ./config.toml
RUN pip install --no-cache-dir . \
    && useradd --system --uid 10001 --home-dir /data --create-home veille \
    && chown -R veille /data

USER veille
VOLUME ["/data"]
EXPOSE 3000
ENTRYPOINT ["veille"]
CMD ["run"]
