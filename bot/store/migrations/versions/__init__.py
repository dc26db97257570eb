"""The schema revisions, oldest first: each one a file, never edited once released."""
