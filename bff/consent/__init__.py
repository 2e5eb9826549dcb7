"""Informed consent: templates, signing requests, chained evidence, withdrawal, the gate."""
