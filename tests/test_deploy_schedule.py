"""Every periodic job the code declares is scheduled in production: by RQ's cron configuration,
which the one scheduler that deploy/ runs (Compose and Kubernetes) loads."""

from pathlib import Path

import redis
import yaml
from rq.cron import CronScheduler

from jobs import schedule, scheduler

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def _registered(redis_url: str) -> set[str]:
    cron = CronScheduler(connection=redis.Redis.from_url(redis_url))
    cron.load_config_from_file(scheduler.CONFIG)
    return {job.func_name for job in cron.get_jobs()}


def test_the_cron_configuration_schedules_every_declared_periodic_job(redis_url):
    assert _registered(redis_url) == {entry.func for entry in schedule.SCHEDULE}
    assert "jobs.reconciliation.reconcile_previous_day" in _registered(redis_url)


def _runs_scheduler(command: list[str] | None) -> bool:
    return command == ["python", "-m", "jobs.scheduler"]


def test_compose_runs_exactly_one_scheduler_next_to_web_and_workers():
    services = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    schedulers = [name for name, svc in services.items() if _runs_scheduler(svc.get("command"))]
    assert schedulers == ["scheduler"]
    svc = services["scheduler"]
    assert svc.get("deploy", {}).get("replicas", 1) == 1 and "scale" not in svc
    assert {"app", "worker", "scheduler"} <= set(services)
    assert svc["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_kubernetes_runs_one_scheduler_replica_that_never_overlaps_itself():
    k8s = DEPLOY / "k8s"
    listed = yaml.safe_load((k8s / "kustomization.yaml").read_text())["resources"]
    docs = [doc for name in listed for doc in yaml.safe_load_all((k8s / name).read_text()) if doc]
    deployments = [d for d in docs if d["kind"] == "Deployment"]
    found = [d for d in deployments
             if any(_runs_scheduler(c.get("command")) for c in d["spec"]["template"]["spec"]["containers"])]
    assert len(found) == 1
    [sched] = found
    assert sched["spec"]["replicas"] == 1 and sched["spec"]["strategy"]["type"] == "Recreate"
    assert "HorizontalPodAutoscaler" not in {d["kind"] for d in docs
                                             if d.get("spec", {}).get("scaleTargetRef", {}).get("name")
                                             == sched["metadata"]["name"]}
    components = {d["metadata"]["labels"]["app.kubernetes.io/component"] for d in deployments}
    assert {"web", "worker", "scheduler"} <= components
