"""``python -m conflictkg``: the same command line as the ``conflictkg`` script."""

from conflictkg.cli import main

raise SystemExit(main())
