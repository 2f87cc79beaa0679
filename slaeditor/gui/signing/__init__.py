"""Signing and verifying contract PDFs from the window."""
