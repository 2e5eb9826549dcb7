"""The panel's form and query inputs. Empty fields are absent; errors read in Chinese."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import marshmallow as ma

from bff.billing.activation import QUANTITY_MAX
from bff.schemas import Schema
from models.billing import OrderStatus, RefundStatus


class _Form(Schema):
    class Meta:
        unknown = ma.EXCLUDE  # csrf_token and the submit button travel with every form

    @ma.pre_load
    def _drop_empty(self, data: Any, **_: Any) -> dict[str, Any]:
        return {k: v.strip() for k, v in data.items() if isinstance(v, str) and v.strip()}


class LoginForm(_Form):
    username = ma.fields.String(required=True, validate=ma.validate.Length(max=64))
    password = ma.fields.String(required=True, validate=ma.validate.Length(max=256))


class CodeForm(_Form):
    code = ma.fields.String(required=True, validate=ma.validate.Length(max=16))


class OrderSearch(_Form):
    out_trade_no = ma.fields.String(validate=ma.validate.Length(max=32))
    transaction_id = ma.fields.String(validate=ma.validate.Length(max=64))
    store_id = ma.fields.String(validate=ma.validate.Length(max=32))
    user_id = ma.fields.String(validate=ma.validate.Length(max=32))
    status = ma.fields.String(validate=ma.validate.OneOf([s.value for s in OrderStatus]))
    date_from = ma.fields.Date()
    date_to = ma.fields.Date()
    cursor = ma.fields.String(validate=ma.validate.Length(max=64))


class RefundForm(_Form):
    amount_yuan = ma.fields.Decimal(required=True, places=2,
                                    validate=ma.validate.Range(min=Decimal("0.01"), max=Decimal(100000)))
    refund_reason = ma.fields.String(required=True, validate=ma.validate.Length(min=4, max=200))


class RefundFilter(_Form):
    status = ma.fields.String(validate=ma.validate.OneOf([s.value for s in RefundStatus]))


class NoteForm(_Form):
    note = ma.fields.String(required=True, validate=ma.validate.Length(min=2, max=200))


class BatchForm(_Form):
    plan_code = ma.fields.String(required=True, validate=ma.validate.Length(max=32))
    quantity = ma.fields.Integer(required=True, validate=ma.validate.Range(min=1, max=QUANTITY_MAX))
    valid_from = ma.fields.Date(required=True)
    valid_until = ma.fields.Date(required=True)
    channel_note = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))


class RunFilter(_Form):
    bill_date = ma.fields.Date()
    status = ma.fields.String(validate=ma.validate.OneOf(["running", "succeeded", "failed"]))
    cursor = ma.fields.String(validate=ma.validate.Length(max=64))


class RunCreate(_Form):
    bill_date = ma.fields.Date(required=True)


class MismatchFilter(_Form):
    category = ma.fields.String(validate=ma.validate.Length(max=32))
    state = ma.fields.String(validate=ma.validate.Length(max=16))
    cursor = ma.fields.String(validate=ma.validate.Length(max=64))


class ListQuery(_Form):
    q = ma.fields.String(validate=ma.validate.Length(max=80))


class AuditSearch(_Form):
    store_id = ma.fields.String(validate=ma.validate.Length(max=32))
    action = ma.fields.String(validate=ma.validate.Length(max=32))
    subject_type = ma.fields.String(validate=ma.validate.Length(max=24))
    subject_id = ma.fields.String(validate=ma.validate.Length(max=32))
    actor_id = ma.fields.String(validate=ma.validate.Length(max=32))
    date_from = ma.fields.Date()
    date_to = ma.fields.Date()
    before = ma.fields.Integer(validate=ma.validate.Range(min=1))


def parse(schema: type[Schema], data: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """(values, field errors): the page re-renders with the errors instead of failing."""
    try:
        return schema().load(dict(data)), {}
    except ma.ValidationError as exc:
        return {}, exc.normalized_messages()
