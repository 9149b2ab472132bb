"""Document formats: the XML guard, feed parsing (RSS, Atom, JSON Feed), OPML, HTML to text,
HTML article pages, Markdown and plain text. Bytes in, model objects out; no I/O.
"""
