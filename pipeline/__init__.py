"""Turn Chinese police bulletins into structured event records.

Stages (one sub-package each, data flows one way):
ingest -> normalize -> segment -> entities -> events (-> values) -> records -> evaluate.
"""

__version__ = "0.1.0"
