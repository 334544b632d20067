"""Great Expectations loads in a process whose __main__ has no file (Dagster's step workers).

With pyspark installed, a bare `import great_expectations` there ends the process with exit code
0 and prints nothing: pyspark's Connect client, which GX probes, takes it for a doctest run. The
auditors' suites step of the pipeline died that way.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_gx_imports_in_a_process_whose_main_has_no_file() -> None:
    code = (
        "from expectations.suites.gx_import import import_gx; "
        "gx = import_gx(); print('loaded', gx.expectations.ExpectColumnValuesToNotBeNull.__name__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "loaded ExpectColumnValuesToNotBeNull"
