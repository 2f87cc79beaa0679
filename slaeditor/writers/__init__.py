"""Lay a composed Contract out as a file: Word (docx) or PDF (pdf/), one package per format.

WeasyPrint and docxtpl are imported inside the writers, on first use, never at start-up.
"""
