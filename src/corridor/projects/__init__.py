"""The committee's proposed joint projects: a registry in a real database.

* :class:`Project` (:mod:`~corridor.projects.schema`): the fields of a proposal, validated;
* :class:`Registry` (:mod:`~corridor.projects.store`): projects in SQLite or PostgreSQL,
  every change kept with its author, concurrent writers queued, Alembic migrations;
* :func:`read` and :func:`dump` (:mod:`~corridor.projects.files`): YAML and CSV files.

Examples
--------
>>> STATUSES
('proposed', 'under assessment', 'recommended', 'rejected', 'withdrawn')
>>> TYPES[:3]
('mine', 'refinery', 'precursor')
"""

from corridor.projects.files import dump, read
from corridor.projects.schema import STATUSES, TYPES, Project
from corridor.projects.store import Change, Record, Registry, database_url

__all__ = ["STATUSES", "TYPES", "Change", "Project", "Record", "Registry", "database_url",
           "dump", "read"]
