"""Batch triage of a season's reports: analyse many in worker processes, write one summary workbook."""

from core.batch.runner import BatchOptions, BatchResult, run_batch

__all__ = ["BatchOptions", "BatchResult", "run_batch"]
