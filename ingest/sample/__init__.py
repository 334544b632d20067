"""The sample-data generator lives in the ``samplegen`` package (outside the runtime ingest
package); this name keeps ``python -m ingest.sample`` and ``from ingest.sample import generate``
working."""

from samplegen import RATES, generate

__all__ = ["RATES", "generate"]
