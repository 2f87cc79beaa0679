"""The wizard's pages, one per file, in the order the wizard shows them."""
