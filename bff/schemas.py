"""Schema base: unknown fields are rejected, never silently ignored."""

import marshmallow as ma


class Schema(ma.Schema):
    class Meta:
        unknown = ma.RAISE
