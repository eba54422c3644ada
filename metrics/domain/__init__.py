"""The domain's words: ids, model types, problems, dates and the translation table. Imports nothing above it."""
