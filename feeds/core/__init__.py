"""The engine's ground floor: the article model, the one error root, sanitising, dates, paths, settings,
atomic writes, size caps and URL checks. Imports nothing else from the engine.
"""
