"""The wizard: its pages in order, and what every page shares."""
