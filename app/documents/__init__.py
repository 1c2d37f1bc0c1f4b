"""Documents: signed PDFs stored outside the database, by content, read only by those allowed."""
