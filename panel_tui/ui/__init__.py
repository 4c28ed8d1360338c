"""The Textual app: thin screens over the application layer."""
