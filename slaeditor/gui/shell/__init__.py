"""The window around the wizard: start-up, the main window, files, the step list, the preview."""
