"""Queue names live here and nowhere else."""

DEFAULT = "default"
NOTIFICATIONS = "notifications"

ALL = (NOTIFICATIONS, DEFAULT)
