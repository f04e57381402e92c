"""For the whole suite (tests, doctests, README): the suite never sees a developer's
fetched data, nor writes into it; subprocesses inherit the setting."""

import os
import tempfile

os.environ["CORRIDOR_HOME"] = tempfile.mkdtemp(prefix="corridor-home-")

# Alembic's environment and migrations run inside Alembic only, never on import
collect_ignore_glob = ["src/corridor/projects/migrations/*",
                       "src/corridor/projects/migrations/versions/*"]
