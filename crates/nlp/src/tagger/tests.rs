//! Tests of the tagger.
