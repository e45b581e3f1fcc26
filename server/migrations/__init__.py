"""Alembic migration environment; run programmatically by ``server.core.migrate``."""
