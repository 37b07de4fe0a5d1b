"""The store: SQLAlchemy models, engine and sessions, and the Alembic migrations."""
