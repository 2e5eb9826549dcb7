"""RQ cron configuration, loaded by ``python -m jobs.scheduler`` (or ``rq cron jobs.cron_config``).

Registers every entry of ``jobs.schedule.SCHEDULE``; add periodic jobs there, not here.
"""

from rq import cron

from jobs.schedule import SCHEDULE

for entry in SCHEDULE:
    cron.register(entry.function(), entry.queue, interval=entry.every_seconds, cron=entry.cron,
                  job_timeout=entry.timeout, result_ttl=600, failure_ttl=24 * 3600, name=entry.name)
