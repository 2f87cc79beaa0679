"""The Monthly statement window (File > Monthly statement…): what the provider owes for a period.

`launcher` opens the one window of a main window; `window` shows the statement the render
worker computes and writes; `inputs` is its form and `period_check` checks the period as
the command line does.
"""
