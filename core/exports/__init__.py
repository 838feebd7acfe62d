"""What the reviewer hands in, built from a ReviewSession (never from widgets), one module per output:

    facts.review_facts(session) -> ReviewFacts         what every output shows, gathered once
    sheet.sheet_bytes(facts) -> (bytes, SheetCells)    复核表 xlsx with live formulas (openpyxl)
    opinion.opinion_for(session, facts) -> Opinion     复核意见: the draft, with the reviewer's edits applied
    opinion_docx.docx_bytes(opinion)                   复核意见 docx (python-docx)
    opinion_pdf.pdf_bytes(opinion)                     复核意见 pdf, every font embedded (reportlab)
    opinion_editing.section_texts / save_section_texts 复核意见 as the reviewer edits it, section by section
    sheet_pdf.sheet_pdf_bytes(facts)                   复核表 as PDF, for printing (reportlab)
    annotated.annotated_bytes(document, facts, marks)  批注版报告: cover + the report's pages with highlights
                                                       (marks: what is marked; pdf_marks: the annotations;
                                                       text_pdf: txt/docx/xlsx typeset with character boxes)
    writing.export_all(session, {kind: path})          the command line's and the window's entry point

The package imports nothing itself; openpyxl, python-docx, reportlab and pypdf load on first use.
"""
