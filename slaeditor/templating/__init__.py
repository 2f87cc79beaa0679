"""The clause-text language: Markdown with Jinja, rendered in a sandbox with limits (Qt-free).

Clause text comes from users and shared folders, so everything that reads it lives here with
its safety rules: the sandbox and its work budget (sandbox, budget), the filters and the values
a clause sees (environment, clause_data, labels, variables), the checks that refuse hostile
text (hostile), rendering with readable errors (text) and the Markdown reader that turns the
result into format-neutral blocks (markdown, blocks).
"""
