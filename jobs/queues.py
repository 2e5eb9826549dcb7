"""Queue names live here and nowhere else."""

DEFAULT = "default"
NOTIFICATIONS = "notifications"
IMAGES = "images"  # post-upload checks, derivatives, deletion of objects
EXPORTS = "exports"  # ZIP exports: long, so they never hold up image checks

ALL = (NOTIFICATIONS, IMAGES, DEFAULT, EXPORTS)
