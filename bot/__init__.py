"""Veille: a self-hosted Slack bot for brand monitoring."""

__version__ = "0.1.0"
