"""``python -m anning``: the command-line interface."""

from anning.cli import main

raise SystemExit(main())
