"""RQ cron configuration: ``rq cron jobs.cron_config --url $MIRROR_REDIS_URL`` (see jobs/schedule.py)."""

from rq import cron

from jobs import queues
from jobs.analysis import requeue_stale
from jobs.billing import close_expired_orders
from jobs.schedule import CLOSE_EXPIRED_ORDERS_EVERY

cron.register(close_expired_orders, queues.DEFAULT, interval=CLOSE_EXPIRED_ORDERS_EVERY, job_timeout=120)
cron.register(requeue_stale, queues.DEFAULT, interval=CLOSE_EXPIRED_ORDERS_EVERY, job_timeout=60)
