#!/bin/sh
# `make serve`: gunicorn and, where a broker is configured (CELERY_BROKER_URL in the
# environment or .env), the Celery worker that runs jobs and the beat that schedules the
# purges and the nightly backup. Stopping gunicorn (Ctrl-C) stops the other two.
set -eu
PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")
broker=$("$PY" manage.py shell -c 'from django.conf import settings; print(settings.CELERY_BROKER_URL)')
pids=""
if [ -n "$broker" ]; then
  "$PY" -m celery -A config worker --loglevel INFO --concurrency 2 &
  pids="$pids $!"
  "$PY" -m celery -A config beat --loglevel INFO &
  pids="$pids $!"
else
  echo "未设置 CELERY_BROKER_URL：后台任务在网页进程的线程中运行；定时清理在每次新任务时进行，备份请用 cron 运行 manage.py backup。"
fi
trap 'kill $pids 2>/dev/null || true' EXIT INT TERM
"$BIN/gunicorn" config.wsgi --bind 127.0.0.1:8000 --workers 3
