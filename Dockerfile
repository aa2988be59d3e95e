# The aftercare bot in one container: code baked in, knowledge/ mountable, state/ a volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    AFTERCARE_KNOWLEDGE_DIR=/app/knowledge \
    AFTERCARE_DB=/app/state/aftercare.db

WORKDIR /app

# The dependencies alone, as pyproject.toml lists them: this layer is rebuilt only when
# pyproject.toml changes, not when the code does. setuptools, pinned, builds the package
# below (at least the version pyproject.toml's build-system asks for).
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt "setuptools==80.9.0" \
    && rm /tmp/requirements.txt

# The code: the whole bot package, used where it is (its migrations and any model files
# included), installed without dependencies so `aftercare` and `--version` work.
COPY README.md LICENSE ./
COPY bot ./bot
RUN pip install --no-deps --no-build-isolation --editable .

COPY knowledge ./knowledge
# A numeric user the host can resolve; everything the bot writes goes to /app/state.
RUN useradd --create-home --uid 10001 --user-group aftercare \
    && mkdir -p /app/state && chown 10001:10001 /app/state && chmod 700 /app/state
USER 10001:10001

# Staff edits reach a running container by mounting their folder over /app/knowledge.
VOLUME ["/app/state"]
HEALTHCHECK --interval=60s --timeout=20s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot", "health"]
CMD ["python", "-m", "bot", "run"]
