"""Editing an agreement: its state and undo history, and the form fields bound to it."""
