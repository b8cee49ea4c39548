"""filing-assistant: interviews a Chinese AI company and prepares its CAC algorithm filing."""

__version__ = "0.1.0"
