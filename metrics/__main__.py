"""Command line: ``python -m metrics validate|status|demo``."""

from metrics.cli.main import main

raise SystemExit(main())
