"""``python -m corridor``: the same commands as ``corridor``."""

from corridor.cli import app

app(prog_name="corridor")
