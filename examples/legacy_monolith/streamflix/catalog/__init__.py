"""The title catalog: movies, series, episodes and search."""
