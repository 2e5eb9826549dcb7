"""RQ cron configuration: ``rq cron jobs.cron_config --url $MIRROR_REDIS_URL`` (see jobs/schedule.py)."""

from rq import cron

from jobs import queues
from jobs.audit import seal_audit_events
from jobs.billing import close_expired_orders
from jobs.schedule import CLOSE_EXPIRED_ORDERS_EVERY, SEAL_AUDIT_EVENTS_EVERY

cron.register(close_expired_orders, queues.DEFAULT, interval=CLOSE_EXPIRED_ORDERS_EVERY, job_timeout=120)
cron.register(seal_audit_events, queues.DEFAULT, interval=SEAL_AUDIT_EVENTS_EVERY, job_timeout=60)
