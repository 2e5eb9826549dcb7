"""The operators' admin panel under ``/admin``: server-rendered pages (Jinja, no scripts)."""
