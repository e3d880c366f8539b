"""`python -m strangler`: the same as the `strangler` command."""

from strangler.cli.app import main

main()
