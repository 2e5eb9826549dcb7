"""Stores and users (viewed masked, disabled with a reason) and the audit trail (filters and a
chain check)."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, render_template, request

from bff.audit.sealer import seal
from bff.audit.verify import verify as verify_audit
from bff.auth.service import disable_user
from bff.db import session as db
from bff.errors import DomainError
from bff.panel import forms, service
from bff.panel.guard import requires
from bff.panel.web import audited, back, bp
from models import ConsultantProfile
from models.users import UserStatus


@bp.get("/stores")
@requires("stores")
def stores() -> Any:
    values, _ = forms.parse(forms.ListQuery, request.args)
    return render_template("panel/stores.html", rows=service.list_stores(db(), query=values.get("q")),
                           q=values.get("q", ""))


@bp.get("/stores/<store_id>")
@requires("stores")
def store_detail(store_id: str) -> Any:
    try:
        store = service.find_store(db(), store_id)
    except DomainError:
        abort(404)
    audited("store_view", "store", store.public_id)
    return render_template("panel/store.html", store=store, members=service.store_members(db(), store))


@bp.post("/stores/<store_id>/disable")
@requires("stores_disable")
def store_disable(store_id: str) -> Any:
    values, errors = forms.parse(forms.NoteForm, request.form)
    if errors:
        return back("panel.store_detail", store_id=store_id, error="operator_note_required")
    try:
        store = service.find_store(db(), store_id)
    except DomainError:
        abort(404)
    service.disable_store(db(), store)
    audited("store_disable", "store", store.public_id, values["note"])
    return back("panel.store_detail", store_id=store.public_id, done="store_disabled")


@bp.get("/users")
@requires("users")
def users() -> Any:
    values, _ = forms.parse(forms.ListQuery, request.args)
    return render_template("panel/users.html", rows=service.list_users(db(), query=values.get("q")),
                           q=values.get("q", ""))


@bp.get("/users/<user_id>")
@requires("users")
def user_detail(user_id: str) -> Any:
    try:
        user = service.find_user(db(), user_id)
    except DomainError:
        abort(404)
    profile = db().get(ConsultantProfile, user.id)
    audited("user_view", "user", user.public_id)
    return render_template("panel/user.html", user=user, profile=profile, stores=service.user_stores(db(), user),
                           orders=service.user_orders(db(), user))


@bp.post("/users/<user_id>/disable")
@requires("users_disable")
def user_disable(user_id: str) -> Any:
    values, errors = forms.parse(forms.NoteForm, request.form)
    if errors:
        return back("panel.user_detail", user_id=user_id, error="operator_note_required")
    try:
        user = service.find_user(db(), user_id)
    except DomainError:
        abort(404)
    if user.status != UserStatus.disabled:
        disable_user(user)
    audited("user_disable", "user", user.public_id, values["note"])
    return back("panel.user_detail", user_id=user.public_id, done="user_disabled")


# -- audit trail -------------------------------------------------------------------------------

@bp.get("/audit")
@requires("audit")
def audit() -> Any:
    values, errors = forms.parse(forms.AuditSearch, request.args)
    before = values.pop("before", None)
    rows, cursor = ([], None) if errors else service.search_audit(db(), service.AuditFilters(**values),
                                                                  before=before)
    args = {k: v for k, v in request.args.items() if k != "before"}
    return render_template("panel/audit.html", rows=rows, cursor=cursor, errors=errors, args=args, result=None,
                           sealed=None)


@bp.post("/audit/verify")
@requires("audit")
def audit_verify() -> Any:
    """Seal what is committed (as the periodic sealer would), then recompute every chain."""
    sealed = seal(current_app.extensions["mirror.db"].factory)
    db().rollback()  # a fresh snapshot that sees the batches just sealed
    result = verify_audit(db())
    audited("audit_chain_verify", "audit_chain", "all", "ok" if result.ok else f"{len(result.problems)} problems")
    rows, cursor = service.search_audit(db(), service.AuditFilters())
    return render_template("panel/audit.html", rows=rows, cursor=cursor, errors={}, args={}, result=result,
                           sealed=sealed)
