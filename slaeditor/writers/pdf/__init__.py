"""The PDF writer: the pack's HTML skeleton laid out by WeasyPrint, signable and archival.

writer lays a contract out (in parts, side by side, through parallel_layout when it can, the
parts then joined by join_parts), contents lists its sections and clauses and remembers the
page of each heading (writer.heading_pages, for the Word writer), structure keeps the tagged
PDF's structure tree whole across parts, signature_fields places an empty field on each
signatory's block, archive makes the file PDF/A-3b and attaches the agreement, fetcher
confines what a skeleton may load, weasy imports WeasyPrint without its library look-ups.
"""
