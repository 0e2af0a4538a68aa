//! Readers (placeholder until the ingest work lands).
