"""Alembic's entry point: migrates the connection handed over in the config's attributes."""

from alembic import context

from nyanland.store.models import Base
from nyanland.store.search_index import outside_the_models

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
    include_name=lambda name, kind, _parents: not outside_the_models(name, kind),
)
with context.begin_transaction():
    context.run_migrations()
