"""Command line: ``python -m metrics validate|status|demo``."""

from metrics.cli import main

raise SystemExit(main())
