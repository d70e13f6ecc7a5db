"""`python -m finews_desktop.cli`: the `finews` command."""

import sys

from finews_desktop.cli.commands import main

sys.exit(main())
