"""The newsreader engine: loading, the article model, analysis and (later) the library.

Nothing in this package imports Textual or Rich, so everything it does can be
driven from the command line and from tests without a terminal.
"""

__version__ = "0.1.0"
