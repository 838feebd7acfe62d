"""The review: ReviewSession (the only mutable state, with its undo stack) and the review file.

    core.review.opening.start_session(document, template=None, *, reviewer=None, stage=None) -> ReviewSession
    core.review.opening.open_review(path, document_path=None, *, reanchor=False, use_autosave=False,
                                    document=None, progress=None, stage=None) -> OpenOutcome
    session.save(path=None) / session.autosave() / core.review.storage.recovery_candidate(review_path)

The package itself imports nothing, so that its modules can be imported from any thread without
meeting a half-initialised package (the GUI imports core on a worker thread).
"""
