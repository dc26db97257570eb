"""Prometheus metrics: what a team graphs and alerts on (polls, alerts, Slack calls, the outbox)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry

REGISTRY = CollectorRegistry()
