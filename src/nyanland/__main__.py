"""Lets `python -m nyanland` behave like the `nyanland` command."""

import sys

from nyanland.app import main

sys.exit(main())
