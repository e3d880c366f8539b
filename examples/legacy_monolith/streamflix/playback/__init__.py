"""Starting/stopping streams and the watch history."""
