"""`python -m slaeditor.cli`: the same as the `slaeditor` command."""

from __future__ import annotations

import sys

from slaeditor.cli.main import main

sys.exit(main())
