"""python -m finews_desktop: the desktop app."""

from finews_desktop.app import main

raise SystemExit(main())
