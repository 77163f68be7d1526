"""``python -m anning``: the command-line interface."""

from anning.cli.main import main

raise SystemExit(main())
