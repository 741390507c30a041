"""Run the command-line interface with ``python -m policykg``."""

from policykg.cli import main

main()
