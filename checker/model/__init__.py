"""The embedding model: the encoder every vector goes through, its one-off build from the shipped weights, and the numeric path it runs on."""
