"""Readers of the training exports: a file in, a validated canonical table out."""

import sys

# pandera imports pandas-on-Spark (pyspark.pandas) at import time whenever pyspark is installed,
# which it is for the dbt spark target: ~1.4 s in every process and a FutureWarning about pandas 3
# on stderr. Nothing here uses pandas-on-Spark, so that one import is refused before pandera loads.
sys.modules.setdefault("pyspark.pandas", None)
