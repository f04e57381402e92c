"""corridor: open, cited scenario model of the Canada-Korea battery and critical-minerals chain.

The core is :func:`corridor.run`; the CLI, exports and figures only present what it returns.
"""

__version__ = "0.1.0"

from corridor.model.core import Results, run

__all__ = ["Results", "__version__", "run"]
