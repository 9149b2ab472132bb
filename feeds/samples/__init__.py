"""The built-in sample library: invented articles that exercise every pane."""
