"""Run the command line with ``python -m realpolitik``."""

from realpolitik.cli import main

main()
