"""Who said what across the library: the analysis index, people and stories (issue 15).

``index`` analyses every entry once, in worker processes, into the library's
analysis index; ``people`` merges the speakers it found across articles;
``stories`` groups articles about the same event from different feeds and
flags where their figures disagree. None of it imports Textual.
"""
