"""Great Expectations, imported when first needed (the import is slow) and without pyspark's
Connect client.

pyspark is installed for the dbt spark target, and GX probes `pyspark.sql.connect` at import.
That module calls `sys.exit(0)` when `__main__` has no file, which is the case in Dagster's step
worker processes: the auditors' suites step died with "SystemExit: 0". GX only runs on pandas
here, so the Connect client is refused before GX loads (GX treats it as not installed).
"""

import sys
from types import ModuleType


def import_gx() -> ModuleType:
    """The `great_expectations` package with its `expectations` module loaded."""
    sys.modules.setdefault("pyspark.sql.connect", None)
    import great_expectations as gx
    import great_expectations.expectations  # noqa: F401  (loads gx.expectations)

    return gx
