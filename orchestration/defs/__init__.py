"""The code location's definitions, one module (or folder) per area; loaded by
orchestration/definitions.py with dg.load_from_defs_folder (see [tool.dg] in pyproject.toml)."""
