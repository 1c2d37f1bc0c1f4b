# Bangkom API image. Build: docker build -t bangkom .
# Run:   docker run -p 8000:8000 -e BANGKOM_JWT_SECRET="$(openssl rand -base64 48)" \
#          -e BANGKOM_DATABASE_URL=postgresql://user:pw@host:5432/db bangkom
# The image runs as production: it refuses to start without BANGKOM_JWT_SECRET
# (BANGKOM_ENVIRONMENT=development to try it without one).
ARG PYTHON_IMAGE=python:3.11-slim

# ---- builder: a virtual environment with the runtime dependencies of pyproject.toml ----------
FROM ${PYTHON_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
WORKDIR /build
COPY pyproject.toml ./
# Only the dependencies are installed here; the application itself is copied as source into the
# runtime stage, because it finds alembic.ini and var/ relative to its own files
# (app/core/config.py: ROOT).
RUN python -c 'import tomllib; deps = tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]; print("\n".join(deps))' > requirements.txt \
 && python -m venv /opt/venv \
 && /opt/venv/bin/pip install --upgrade pip \
 && /opt/venv/bin/pip install -r requirements.txt

# ---- runtime ---------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:${PATH}" \
    BANGKOM_ENVIRONMENT=production
RUN groupadd --system --gid 10001 bangkom \
 && useradd --system --uid 10001 --gid bangkom --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin bangkom
WORKDIR /app
COPY --from=builder /opt/venv /opt/venv
COPY alembic.ini ./
COPY migrations/ ./migrations/
COPY app/ ./app/
COPY docker/entrypoint.sh ./docker/entrypoint.sh
# var/ holds the SQLite database when BANGKOM_DATABASE_URL is not set; the code stays root-owned.
RUN chmod 0755 docker/entrypoint.sh \
 && mkdir -p var \
 && chown bangkom:bangkom var
VOLUME ["/app/var"]
USER bangkom
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health/live', timeout=4)"]
ENTRYPOINT ["/app/docker/entrypoint.sh"]
