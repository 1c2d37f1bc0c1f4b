#!/bin/sh
# Container start: bring the database schema to the migrations' head, then serve the API.
# BANGKOM_DATABASE_URL and the other BANGKOM_* settings come from the container's environment.
# Behind a reverse proxy, BANGKOM_TRUSTED_PROXIES names it (uvicorn's own proxy handling is off,
# so that setting alone decides whose X-Forwarded-For is believed).
set -eu
cd /app
alembic upgrade head
exec uvicorn --factory app.main:create_app --no-proxy-headers \
  --log-config app/core/uvicorn-logging.json \
  --host 0.0.0.0 --port 8000 --workers "${BANGKOM_WORKERS:-2}"
