"""The home page: each officer's to-do list, gathered from the registry and the reviews. The one
place that composes the apps (the project package `danvan` holds infrastructure only)."""
