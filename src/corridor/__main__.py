"""``python -m corridor``: the same commands as ``corridor``."""

from corridor.cli import main

main()
