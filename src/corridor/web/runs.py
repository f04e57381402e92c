"""Model runs for the web app, cached by scenario content and data version.

A page or an API call asks for one scenario or several, by built-in name or by the name
of an uploaded file; the run is made once per (scenarios' content, data version) and kept
(the last :data:`KEEP` runs), so a repeated page reads it from memory. A page that must
not wait starts the run in the background (:meth:`Runs.start`) and shows its progress
(:meth:`Runs.progress`). Uploaded scenario files are validated as the CLI validates them.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict

from corridor.config import BUILTIN, Scenario, load_scenario
from corridor.config.cases import builtin_cases, with_case
from corridor.config.load import from_text
from corridor.data import Data
from corridor.errors import InputError, one_line
from corridor.limits import YAML_BYTES

KEEP = 16
Names = str | tuple[str, ...]


class Runs:
    """Scenarios known to the app (built-ins and uploads) and their cached results."""

    def __init__(self, data: Data):
        self.data = data
        self.scenarios: dict[str, Scenario] = {name: load_scenario(name) for name in BUILTIN}
        self._with_case: dict[str, Scenario] = {}  # "<scenario>+<case>", made when asked
        self._results: OrderedDict[str, tuple] = OrderedDict()
        self._running: dict[str, float] = {}  # key: when its run started
        self._failed: dict[str, str] = {}  # key: the run's error
        self._making: dict[str, threading.Lock] = {}  # key: held while its run is made
        self._seconds_per_scenario = 1.0  # of the last run made, for the progress bar
        self._lock = threading.Lock()
        self.generation = 0  # rises with every upload: answers cached before are stale

    def key(self, names: Names) -> str:
        """The cache key of ``names``: their contents' hash and the data version."""
        content = b"".join(self.get(n).model_dump_json().encode() for n in _tuple(names))
        return f"{hashlib.sha256(content).hexdigest()[:16]}+{self.data.version}"

    def get(self, name: str) -> Scenario:
        """Scenario ``name``: a known one, or ``<known>+<built-in technology case>``."""
        if name in self.scenarios:
            return self.scenarios[name]
        if name not in self._with_case:
            base, _, case = name.rpartition("+")
            if base not in self.scenarios or case not in builtin_cases():
                raise KeyError(name)
            self._with_case[name] = with_case(self.scenarios[base], case)
        return self._with_case[name]

    def knows(self, name: str) -> bool:
        """Whether :meth:`get` finds scenario ``name``."""
        try:
            self.get(name)
        except KeyError:
            return False
        return True

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

    def results(self, names: Names):
        """The results of scenario ``names`` (one name or several; cached)."""
        return self._cached(names)[0]

    def iamc(self, names: Names):
        """The IAMC table of the results of ``names`` (cached with them)."""
        return self.derived(names, "iamc", lambda results: results.to_iamc())

    def derived(self, names: Names, what: str, build):
        """``build(results)`` of ``names``, made once and kept with their results (a
        page's charts, say)."""
        entry = self._cached(names)
        if what not in entry[1]:
            entry[1][what] = build(entry[0])
        return entry[1][what]

    def ready(self, names: Names) -> bool:
        """Whether the results of ``names`` are made and kept."""
        with self._lock:
            return self.key(names) in self._results

    def start(self, names: Names) -> None:
        """Make the results of ``names`` in a background thread, unless they are kept or
        being made (:meth:`progress` tells how far it is)."""
        key = self.key(names)
        with self._lock:
            if key in self._results or key in self._running:
                return
            self._running[key] = time.monotonic()
            self._failed.pop(key, None)

        def make():
            try:
                self._cached(names)
            except InputError as err:  # a file that validates but does not fit the data
                with self._lock:
                    self._failed[key] = one_line(str(err))
            finally:
                with self._lock:
                    self._running.pop(key, None)

        threading.Thread(target=make, name=f"run {key}", daemon=True).start()

    def progress(self, names: Names) -> dict:
        """How the run of ``names`` is going: ``state`` (``ready``, ``running``,
        ``failed`` or ``not started``), ``seconds`` since it started, ``expected``
        seconds (from the last run made) and the ``error`` of a failed run."""
        key = self.key(names)
        expected = round(self._seconds_per_scenario * len(_tuple(names)), 1)
        with self._lock:
            if key in self._results:
                return {"state": "ready", "expected": expected}
            if key in self._failed:
                return {"state": "failed", "error": self._failed[key], "expected": expected}
            if key in self._running:
                return {"state": "running", "expected": expected,
                        "seconds": round(time.monotonic() - self._running[key], 1)}
        return {"state": "not started", "expected": expected}

    def _cached(self, names: Names):
        from corridor.orchestrator import run

        key = self.key(names)
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
            making = self._making.setdefault(key, threading.Lock())
        with making:  # one run per key: requests arriving meanwhile wait for it
            with self._lock:
                if key in self._results:
                    return self._results[key]
            try:
                began = time.perf_counter()
                result = run([self.get(n) for n in _tuple(names)], data=self.data, tariffs=[])
                entry = (result, {})
                with self._lock:
                    self._seconds_per_scenario = (time.perf_counter() - began) / len(
                        _tuple(names))
                    self._results[key] = entry
                    while len(self._results) > KEEP:
                        self._results.popitem(last=False)
            finally:
                with self._lock:
                    self._making.pop(key, None)
        return entry


def _tuple(names: Names) -> tuple[str, ...]:
    return (names,) if isinstance(names, str) else tuple(names)
