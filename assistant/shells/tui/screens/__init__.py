"""The TUI's screens: home, chat, review, summary, and the modal dialogs."""
