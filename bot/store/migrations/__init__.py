"""Veille's Alembic environment: env.py and the revisions in versions/ (run by veille.store.migrate)."""
