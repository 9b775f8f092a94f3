"""What a reviewer triggers (extract, check, ingest; shared by CLI and UI) and how far reviewers agree."""
