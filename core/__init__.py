"""Qt-free engine of 绩效复核台: documents, extraction, frameworks, scoring, review, checks."""

__version__ = "0.3.0"
APP_NAME = "绩效复核台"
