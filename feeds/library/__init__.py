"""The library: the SQLite store (feeds, entries, search, analysis cache), its schema and
migrations, the multi-process lock and the library's errors.
"""
