"""Reading and writing files safely: atomic writes, YAML with line numbers, CSV and XLSX text, Excel-safe cells."""
