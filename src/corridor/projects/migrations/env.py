"""Alembic's environment for the project registry: migrations run on the connection the
registry opened (``config.attributes["connection"]``), never from an ini file."""

from alembic import context

from corridor.projects.store import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
