"""Where mentions come from: one adapter per kind of source."""
