"""Parse: markdown notes (files, folders, front matter) → entries, each with its file and line."""
