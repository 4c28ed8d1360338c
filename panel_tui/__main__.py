"""`python -m panel_tui`: the same as the `panel-tui` command."""

import sys

from .cli import main

sys.exit(main())
