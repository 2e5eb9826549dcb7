"""One list of periodic jobs, read by `rq cron` in production and by the embedded default's thread."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from rq import Queue
from rq.cron import CronScheduler

from jobs import queues, runtime
from jobs.schedule import SCHEDULE, Periodic, Ticker, start_in_thread


def test_rq_cron_registers_every_entry_of_the_schedule_as_declared(app):
    cron = CronScheduler(connection=runtime.current().redis, logging_level="WARNING")
    cron.load_config_from_file("jobs.cron_config")  # what `rq cron jobs.cron_config` loads
    registered = {j.func_name: (j.interval, j.cron, j.queue_name, j.job_options["job_timeout"])
                  for j in cron.get_jobs()}
    assert registered == {p.func: (p.every_seconds, p.cron, p.queue, p.timeout) for p in SCHEDULE}
    assert {"jobs.outbox.relay", "jobs.sweeper.sweep", "jobs.billing.close_expired_orders"} <= set(registered)
    relay = next(p for p in SCHEDULE if p.func == "jobs.outbox.relay")
    assert relay.every_seconds is not None and relay.every_seconds <= 5


def test_an_entry_has_either_an_interval_or_a_cron_string():
    with pytest.raises(ValueError, match="exactly one"):
        Periodic("both", "jobs.outbox.relay", every_seconds=5, cron="* * * * *")
    with pytest.raises(ValueError, match="exactly one"):
        Periodic("neither", "jobs.outbox.relay")


def test_a_daily_entry_runs_at_its_time_of_day():
    daily = Periodic("nightly", "jobs.sweeper.sweep", cron="30 2 * * *")
    after = datetime(2026, 12, 5, 1, 0).astimezone()  # cron strings are local time, as RQ reads them
    run = daily.next_run(after.astimezone(UTC)).astimezone()
    assert (run.date(), run.hour, run.minute) == (after.date(), 2, 30)
    assert daily.next_run(run.astimezone(UTC)).astimezone() == run + timedelta(days=1)


def test_the_ticker_runs_each_entry_on_its_own_period_and_once_after_a_late_tick():
    fast = Periodic("fast", "jobs.outbox.relay", every_seconds=5)
    slow = Periodic("slow", "jobs.sweeper.sweep", every_seconds=60)
    start = datetime(2026, 12, 5, tzinfo=UTC)
    ticker = Ticker((fast, slow), start)
    assert ticker.seconds_to_next(start) == 5
    assert ticker.due(start + timedelta(seconds=4)) == []
    assert ticker.due(start + timedelta(seconds=5)) == [fast]
    assert ticker.due(start + timedelta(seconds=6)) == []
    assert ticker.due(start + timedelta(seconds=300)) == [fast, slow]  # late: once, not 59 times
    assert ticker.due(start + timedelta(seconds=301)) == []


def test_the_embedded_thread_enqueues_the_entries_it_is_given(app):
    entry = Periodic("relay", "jobs.outbox.relay", every_seconds=1, timeout=7, queue=queues.DEFAULT)
    stop = start_in_thread((entry,))
    try:
        queue = Queue(queues.DEFAULT, connection=runtime.current().redis)
        deadline = time.time() + 5
        while queue.count < 2 and time.time() < deadline:
            time.sleep(0.1)
    finally:
        stop.set()
    jobs = queue.jobs
    assert len(jobs) >= 2 and {(j.func_name, j.timeout, j.args) for j in jobs} == {("jobs.outbox.relay", 7, ())}
