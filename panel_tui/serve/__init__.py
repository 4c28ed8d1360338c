"""Hub mode: panel members join from a browser, served by textual-serve behind our door."""
