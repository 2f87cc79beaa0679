"""Clause wording in the wizard: find a clause in the libraries, read it filled in, take it."""
