"""RQ cron configuration: ``rq cron jobs.cron_config --url $MIRROR_REDIS_URL`` (see jobs/schedule.py)."""

from rq import cron

from jobs import queues
from jobs.billing import close_expired_orders
from jobs.reconciliation import reconcile_previous_day
from jobs.schedule import CLOSE_EXPIRED_ORDERS_EVERY

cron.register(close_expired_orders, queues.DEFAULT, interval=CLOSE_EXPIRED_ORDERS_EVERY, job_timeout=120)
# Hourly on the hour; the job waits for 10:00 Asia/Shanghai itself, so the host's zone is irrelevant.
cron.register(reconcile_previous_day, queues.DEFAULT, cron="0 * * * *", job_timeout=1800, result_ttl=7 * 86400,
              failure_ttl=7 * 86400)
