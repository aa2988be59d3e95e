# The aftercare bot in one container: code baked in, knowledge/ mountable, state/ a volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    AFTERCARE_KNOWLEDGE_DIR=/app/knowledge \
    AFTERCARE_DB=/app/state/aftercare.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install .

COPY knowledge ./knowledge
RUN useradd --create-home --uid 10001 aftercare \
    && mkdir -p /app/state && chown aftercare:aftercare /app/state && chmod 700 /app/state
USER aftercare

# Staff edits reach a running container by mounting their folder over /app/knowledge.
VOLUME ["/app/state"]
CMD ["python", "-m", "bot", "run"]
