"""The command line: one small module per command, wired in `app.py`."""
