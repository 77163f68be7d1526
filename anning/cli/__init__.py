"""The command line (python -m anning): one module per feature registers its commands with anning.cli.main.command."""
