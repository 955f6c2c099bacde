"""``python -m generator``: the project's command line."""

from generator.cli import main

main()
