"""Qt views over core.review.ReviewSession (PySide6). Nothing here computes a score."""
