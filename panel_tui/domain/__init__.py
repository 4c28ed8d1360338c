"""The functional core: models and rules, with no Textual and no TinyDB.

Everything here is plain data and plain functions so that the rules of a fair
panel can be tested without a terminal or a file.
"""
