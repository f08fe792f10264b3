#!/bin/sh
# Serves a checkout as deployed (gunicorn, production settings, WhiteNoise's compressed and
# hashed static files) for the browser measurements: bench/map_lcp.py.
#   DATABASE_URL=sqlite:////abs/demo.sqlite3 bench/serve_production.sh [port] [checkout]
set -e
PORT=${1:-8129}
ROOT=${2:-$(cd "$(dirname "$0")/.." && pwd)}
PYTHON=${PYTHON:-$(cd "$(dirname "$0")/.." && pwd)/.venv/bin/python}
export DJANGO_SETTINGS_MODULE=atlaas.settings.production DEBUG=false SECURE_SSL_REDIRECT=false
export SECRET_KEY=${SECRET_KEY:-measure-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')}
export ALLOWED_HOSTS=127.0.0.1 SITE_URL=https://atlaas.example.org LOG_LEVEL=WARNING
export STATIC_ROOT=${STATIC_ROOT:-$ROOT/var/static-production}
cd "$ROOT"
"$PYTHON" manage.py collectstatic --noinput -v0
exec "$PYTHON" -m gunicorn atlaas.wsgi --bind "127.0.0.1:$PORT" --workers 2 --log-level warning
