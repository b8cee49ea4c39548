"""The TUI's widgets: the answer inputs and the findings panel."""
