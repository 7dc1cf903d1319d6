#!/usr/bin/env python3
"""Build study material from the fact corpus: see `python build.py --help`."""

import sys

from exampack.cli import main

if __name__ == "__main__":
    sys.exit(main())
