"""The newsreader terminal UI (Textual) and the command line that starts it."""
