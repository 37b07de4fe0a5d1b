"""The frozen program's entry point (PyInstaller starts here)."""

import multiprocessing
import sys

from nyanland.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
