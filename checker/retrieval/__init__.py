"""Retrieval: text windows, passage and query vectors, the vector index, hybrid search, and its evaluation on labelled pairs."""
