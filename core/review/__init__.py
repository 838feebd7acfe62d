"""The review: ReviewSession (the only mutable state, with its undo stack) and the review file.

    core.review.opening.start_session(document, template=None, *, stage=None) -> ReviewSession
    core.review.opening.open_review(path, document_path=None, *, reanchor=False, use_autosave=False,
                                    document=None, progress=None, stage=None) -> OpenOutcome
    core.review.opening.plan_open(path) -> OpenPlan   (which review file a report or review opens with)
    session.save(path=None, overwrite=False) / session.autosave() / core.review.storage.recovery_candidate(path)
    core.review.progress.work_queue(session) / reviewed_count(session) / open_finding_count(session)

The package itself imports nothing, so that its modules can be imported from any thread without
meeting a half-initialised package (the GUI imports core on a worker thread).
"""
