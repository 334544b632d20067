"""Sample-data generator: a realistic landing folder with planted defects and ground_truth.json.

``python -m ingest.sample --teachers N --seed S --out DIR [--years 2021-2023] [--clean]``
"""

from ingest.sample.generator import RATES, generate

__all__ = ["RATES", "generate"]
