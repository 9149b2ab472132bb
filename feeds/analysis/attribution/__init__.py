"""Attribution: who says what.

``base`` holds the records (``Speaker``, ``CueEvent``) and small shared word
tests; ``cues`` finds reporting verbs and speech nouns; ``phrases`` chunks the
phrase that names a speaker; ``resolvers`` decides who a pronoun, description,
title or document refers to. ``feeds.analysis.speakers.Attributor`` combines
them over one text.
"""
