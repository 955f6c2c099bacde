"""``python -m generator``: the project's command line."""

from generator.publish.cli import main

main()
