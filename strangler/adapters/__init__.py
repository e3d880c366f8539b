"""Edges of the pipeline: file system, cache storage, git, graphviz. Each has a fake in tests."""
