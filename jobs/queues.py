"""Queue names live here and nowhere else."""

DEFAULT = "default"
NOTIFICATIONS = "notifications"
IMAGES = "images"  # post-upload checks, derivatives, deletion of objects
EXPORTS = "exports"  # ZIP exports: long, so they never hold up image checks
ANALYSIS = "analysis"  # image analysis: CPU-bound, models preloaded by its workers

ALL = (NOTIFICATIONS, IMAGES, DEFAULT, EXPORTS, ANALYSIS)
