"""Limits on what corridor accepts, so that bad input costs bounded work.

Each is refused with one line naming the limit (see ``tests/hostile``).
"""

#: largest scenario file (bytes); the built-ins are under 3 kB, and at this size the
#: worst file (16,000 unknown keys) is refused in a fraction of a second
YAML_BYTES = 250_000
#: deepest nesting of mappings and lists in a scenario file; the schema needs 7
YAML_DEPTH = 12
#: largest data table replacing a shipped one (bytes); the largest shipped is under 1 MB
TABLE_BYTES = 50_000_000
#: most Monte Carlo draws a run takes (a million take 2.5-3.5 minutes a scenario on two
#: cores: benchmarks/test_memory.py)
MAX_DRAWS = 10_000_000
