"""python -m assistant -> the filing-assistant command line."""

import sys

from .cli import main

sys.exit(main())
