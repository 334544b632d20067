"""Progress lines while files load: `files done / total` and the current stage, on stderr.

On a terminal the line is redrawn in place (carriage return and erase-line); when stderr is not a
terminal (a log file, a pipe, CI) every update is a plain line with no escape codes at all.
"""

import sys
from typing import TextIO

ERASE_LINE = "\r\x1b[2K"


class Progress:
    """Called by ingest.loader.load_paths as progress(done, total, stage, name)."""

    def __init__(self, stream: TextIO | None = None, tty: bool | None = None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self._open = False

    def __call__(self, done: int, total: int, stage: str, name: str = "") -> None:
        text = f"ingest: [{done}/{total} files] {stage}" + (f": {name}" if name else "")
        if self.tty:
            self.stream.write(f"{ERASE_LINE}{text}")
            self._open = True
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        """Ends the redrawn line so the report starts on a line of its own."""
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False
