"""Billing operations of the typed client (plans, orders, VIP, activation codes)."""

from __future__ import annotations

from typing import Any


class BillingMethods:
    _call: Any
