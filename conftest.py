"""For the whole suite (tests, doctests, README): the suite never sees a developer's
fetched data, nor writes into it; subprocesses inherit the setting."""

import os
import tempfile

os.environ["CORRIDOR_HOME"] = tempfile.mkdtemp(prefix="corridor-home-")
