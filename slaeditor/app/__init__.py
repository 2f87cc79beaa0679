"""The application surface without a window: the public API, the render worker, pack checks."""
