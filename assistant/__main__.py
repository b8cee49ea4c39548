"""python -m assistant -> the filing-assistant command line."""

import sys

from assistant.shells.cli import main

sys.exit(main())
