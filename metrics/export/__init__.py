"""Export: briefings (the content of decks and reports), chart images, data files, HTML and PPTX."""
