"""Model runs for the web app, cached by scenario content and data version.

A page or an API call asks for a scenario by built-in name or by the hash of an uploaded
file; the run is made once per (scenario content, data version) and kept (the last
:data:`KEEP` runs), so a repeated page reads it from memory. Uploaded scenario files are
validated as the CLI validates them.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from corridor.config import BUILTIN, Scenario, load_scenario
from corridor.config.load import from_text
from corridor.data import Data
from corridor.errors import InputError
from corridor.limits import YAML_BYTES

KEEP = 16


class Runs:
    """Scenarios known to the app (built-ins and uploads) and their cached results."""

    def __init__(self, data: Data):
        self.data = data
        self.scenarios: dict[str, Scenario] = {name: load_scenario(name) for name in BUILTIN}
        self._results: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()
        self.generation = 0  # rises with every upload: answers cached before are stale

    def key(self, name: str) -> str:
        """The cache key of scenario ``name``: its content's hash and the data version."""
        scenario = self.get(name)
        content = scenario.model_dump_json().encode()
        return f"{hashlib.sha256(content).hexdigest()[:16]}+{self.data.version}"

    def get(self, name: str) -> Scenario:
        if name not in self.scenarios:
            raise KeyError(name)
        return self.scenarios[name]

    def upload(self, text: bytes, label: str = "uploaded scenario") -> str:
        """Validate an uploaded scenario file; return the name it is known by."""
        if len(text) > YAML_BYTES:
            raise OverflowError(f"{label}: {len(text):,} bytes; the limit is {YAML_BYTES:,}")
        try:
            document = text.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{label}: not UTF-8 text") from None
        scenario = from_text(document, label)
        name = scenario.name
        if name in BUILTIN:
            raise InputError(f"{label}: name: {name!r} is a built-in scenario's name; "
                             "choose another")
        self.scenarios[name] = scenario
        self.generation += 1
        return name

    def results(self, name: str):
        """The results of scenario ``name`` (cached)."""
        return self._cached(name)[0]

    def iamc(self, name: str):
        """The IAMC table of scenario ``name``'s results (cached with them)."""
        return self._cached(name)[1]

    def derived(self, name: str, what: str, build):
        """``build(results)`` of scenario ``name``, made once and kept with its results
        (a page's charts, say)."""
        entry = self._cached(name)
        if what not in entry[2]:
            entry[2][what] = build(entry[0])
        return entry[2][what]

    def _cached(self, name: str):
        from corridor.orchestrator import run

        key = self.key(name)
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        result = run(self.get(name), data=self.data, tariffs=[])
        entry = (result, result.to_iamc(), {})
        with self._lock:
            self._results[key] = entry
            while len(self._results) > KEEP:
                self._results.popitem(last=False)
        return entry

