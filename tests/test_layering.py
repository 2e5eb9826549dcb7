"""Imports flow one way: bff -> jobs -> models; models and jobs never import Flask."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Flask-free parts of bff that jobs may use.
# bff.billing.ledger/service: order fulfilment and the ledger, shared by routes and the expiry job.
# bff.capture.gate: the capture consent check (with the minor rule) the post-upload job repeats.
# bff.images.export_rules: which images an export may hold (consent scopes); the export job re-checks.
# bff.consent.receipts/chain: the PDF evidence receipt the export job puts in the archive.
# bff.audit.sealer/chain, bff.hashchain: the periodic job that seals audit events.
# bff.reconciliation.service/matching/bill (+ billing.refunds, cursors): the daily reconciliation job.
JOB_SAFE_BFF = ("bff.config", "bff.errors", "bff.integrations", "bff.security", "bff.redis", "bff.consent.gate",
                "bff.billing.ledger", "bff.billing.service", "bff.capture.gate", "bff.images.export_rules",
                "bff.consent.receipts", "bff.consent.chain", "bff.audit.sealer", "bff.audit.chain",
                "bff.hashchain", "bff.billing.refunds", "bff.cursors", "bff.reconciliation.service",
                "bff.reconciliation.matching", "bff.reconciliation.bill")


def _imports(package):
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                yield path, [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield path, [node.module]


def test_models_import_neither_flask_nor_bff_nor_jobs():
    for path, names in _imports("models"):
        for name in names:
            assert not name.startswith(("flask", "bff", "jobs", "sandbox")), f"{path}: {name}"


def test_jobs_import_no_flask_and_only_the_flask_free_part_of_bff():
    for path, names in _imports("jobs"):
        for name in names:
            assert not name.startswith(("flask", "sandbox")), f"{path}: {name}"
            if name.startswith("bff"):
                assert name.startswith(JOB_SAFE_BFF), f"{path}: {name}"


def test_job_safe_bff_modules_do_not_import_flask():
    for module in JOB_SAFE_BFF:
        target = ROOT / module.replace(".", "/")
        files = list(target.rglob("*.py")) if target.is_dir() else [target.with_suffix(".py")]
        for path in files:
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom | ast.Import):
                    names = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                    assert not any(n and n.startswith("flask") for n in names), f"{path}"


def test_production_code_never_imports_the_sandbox_at_module_level():
    for package in ("bff", "jobs", "models"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text())
            for node in tree.body:  # top-level only: the dev-only mount imports lazily
                if isinstance(node, ast.ImportFrom) and node.module:
                    assert not node.module.startswith("sandbox"), f"{path}"
