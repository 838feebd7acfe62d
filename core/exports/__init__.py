"""What the reviewer hands in, built from a ReviewSession (never from widgets), one module per output:

    facts.review_facts(session) -> ReviewFacts      what every output shows, gathered once
    sheet.write_sheet(facts, path)                   复核表 xlsx with live formulas (openpyxl)
    opinion.draft_opinion(facts) -> Opinion         复核意见 sections; the reviewer's edits override them
    opinion_docx.write_docx(opinion, facts, path)    复核意见 docx (python-docx)
    opinion_pdf.write_pdf(opinion, facts, path)      复核意见 pdf with an embedded TrueType CJK font (reportlab)
    writing.export_all(session, xlsx=, docx=, pdf=)  the command line's and the window's entry point

The package imports nothing itself; openpyxl, python-docx and reportlab load on first use.
"""
