"""``python -m ingest.sample``: the same CLI as ``python -m samplegen``."""

import sys

from samplegen.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
