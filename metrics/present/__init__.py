"""Present: charts, tables, quotes, links that reopen a view, slides and file names."""
