//! Story clusters: articles about the same happening, grouped incrementally.
//!
//! Each article becomes a sparse vector of salient terms: the words of its title and text
//! (lowercased, stop words dropped, plurals folded) and its entities (`e:` + entity key),
//! weighted by TF-IDF with document frequencies counted over every article seen so far.
//! Entities weigh [`StoryConfig::entity_weight`] times a word. An article joins the story
//! whose centroid is most similar (cosine) when that similarity reaches
//! [`StoryConfig::threshold`] and the story is in its time window (the story's first to last
//! publication day, widened by [`StoryConfig::window_days`]; undated articles and stories
//! match any window); otherwise it opens a new story. A near-duplicate joins its original's
//! story directly.
//!
//! The index is incremental and deterministic: the same articles in the same order give the
//! same stories, whether added in one run or in several (the state is saved and restored).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

/// A sparse vector, ordered by term so that sums are deterministic.
pub type Vector = BTreeMap<String, f32>;

/// Clustering parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StoryConfig {
    /// Least cosine similarity for an article to join a story.
    pub threshold: f32,
    /// Days a story's window extends past its first and last articles.
    pub window_days: i64,
    /// Weight of an entity term relative to a word.
    pub entity_weight: f32,
    /// Terms kept in an article's vector (the heaviest).
    pub doc_terms: usize,
    /// Terms kept in a story's centroid (the heaviest).
    pub centroid_terms: usize,
}

impl Default for StoryConfig {
    fn default() -> Self {
        StoryConfig {
            threshold: 0.2,
            window_days: 7,
            entity_weight: 2.0,
            doc_terms: 120,
            centroid_terms: 300,
        }
    }
}

/// One story: its centroid (the sum of its articles' vectors, the heaviest terms kept).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: i64,
    /// The title (or opening words) of its first article.
    pub label: String,
    pub articles: u64,
    /// First and last publication day (days since 1970-01-01) of its dated articles.
    pub first_day: Option<i64>,
    pub last_day: Option<i64>,
    pub centroid: Vector,
}

impl Story {
    fn norm(&self) -> f32 {
        self.centroid.values().map(|w| w * w).sum::<f32>().sqrt()
    }

    fn in_window(&self, day: Option<i64>, window: i64) -> bool {
        match (day, self.first_day, self.last_day) {
            (Some(day), Some(first), Some(last)) => day >= first - window && day <= last + window,
            _ => true,
        }
    }

    /// The heaviest word terms of the centroid (entity terms left out), for display.
    pub fn top_terms(&self, n: usize) -> Vec<&str> {
        let mut terms: Vec<(&String, &f32)> = self
            .centroid
            .iter()
            .filter(|(t, _)| !t.starts_with("e:"))
            .collect();
        terms.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
        terms.into_iter().take(n).map(|(t, _)| t.as_str()).collect()
    }
}

/// Where an article went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assignment {
    pub story: i64,
    /// Cosine similarity to the story it joined (1 for a story it opened or a duplicate).
    pub similarity: f32,
    pub created: bool,
}

/// The incremental clusterer and its state.
#[derive(Debug, Clone)]
pub struct StoryIndex {
    config: StoryConfig,
    documents: u64,
    df: HashMap<String, u64>,
    stories: BTreeMap<i64, Story>,
    next_id: i64,
    dirty_terms: BTreeSet<String>,
    dirty_stories: BTreeSet<i64>,
    /// For each term, the stories whose centroid holds it (candidate selection).
    postings: HashMap<String, BTreeSet<i64>>,
    /// Each story's centroid norm.
    norms: HashMap<i64, f32>,
}

impl StoryIndex {
    pub fn new(config: StoryConfig) -> Self {
        StoryIndex {
            config,
            documents: 0,
            df: HashMap::new(),
            stories: BTreeMap::new(),
            next_id: 1,
            dirty_terms: BTreeSet::new(),
            dirty_stories: BTreeSet::new(),
            postings: HashMap::new(),
            norms: HashMap::new(),
        }
    }

    /// An index restored from saved state: the number of articles seen, the document
    /// frequencies and the stories.
    pub fn restore(
        config: StoryConfig,
        documents: u64,
        df: impl IntoIterator<Item = (String, u64)>,
        stories: impl IntoIterator<Item = Story>,
    ) -> Self {
        let mut index = StoryIndex::new(config);
        index.documents = documents;
        index.df = df.into_iter().collect();
        for story in stories {
            index.next_id = index.next_id.max(story.id + 1);
            for term in story.centroid.keys() {
                index
                    .postings
                    .entry(term.clone())
                    .or_default()
                    .insert(story.id);
            }
            index.norms.insert(story.id, story.norm());
            index.stories.insert(story.id, story);
        }
        index
    }

    pub fn config(&self) -> &StoryConfig {
        &self.config
    }

    pub fn documents(&self) -> u64 {
        self.documents
    }

    pub fn story(&self, id: i64) -> Option<&Story> {
        self.stories.get(&id)
    }

    pub fn stories(&self) -> impl Iterator<Item = &Story> {
        self.stories.values()
    }

    /// Add an article's terms (from [`crate::terms::article_terms`]); `join` puts it in that
    /// story (a near-duplicate's original's) when the story exists.
    pub fn add(
        &mut self,
        terms: &BTreeMap<String, f32>,
        day: Option<i64>,
        label: &str,
        join: Option<i64>,
    ) -> Assignment {
        self.documents += 1;
        for term in terms.keys() {
            *self.df.entry(term.clone()).or_insert(0) += 1;
            self.dirty_terms.insert(term.clone());
        }
        let vector = self.vector(terms);
        let joined = join
            .filter(|id| self.stories.contains_key(id))
            .map(|id| Assignment {
                story: id,
                similarity: 1.0,
                created: false,
            });
        let assignment = joined
            .or_else(|| self.best_story(&vector, day))
            .unwrap_or_else(|| {
                let id = self.next_id;
                self.next_id += 1;
                self.stories.insert(
                    id,
                    Story {
                        id,
                        label: label.to_string(),
                        articles: 0,
                        first_day: None,
                        last_day: None,
                        centroid: Vector::new(),
                    },
                );
                Assignment {
                    story: id,
                    similarity: 1.0,
                    created: true,
                }
            });
        let keep = self.config.centroid_terms;
        if let Some(story) = self.stories.get_mut(&assignment.story) {
            story.articles += 1;
            if let Some(day) = day {
                story.first_day = Some(story.first_day.map_or(day, |d| d.min(day)));
                story.last_day = Some(story.last_day.map_or(day, |d| d.max(day)));
            }
            for (term, weight) in &vector {
                *story.centroid.entry(term.clone()).or_insert(0.0) += weight;
                self.postings
                    .entry(term.clone())
                    .or_default()
                    .insert(story.id);
            }
            for term in truncate(&mut story.centroid, keep) {
                if let Some(ids) = self.postings.get_mut(&term) {
                    ids.remove(&story.id);
                    if ids.is_empty() {
                        self.postings.remove(&term);
                    }
                }
            }
            self.norms.insert(story.id, story.norm());
            self.dirty_stories.insert(story.id);
        }
        assignment
    }

    /// The TF-IDF vector of an article's terms, L2-normalised, heaviest terms kept.
    pub fn vector(&self, terms: &BTreeMap<String, f32>) -> Vector {
        let n = self.documents as f32;
        let mut vector: Vector = terms
            .iter()
            .map(|(term, &tf)| {
                let df = self.df.get(term).copied().unwrap_or(0) as f32;
                let idf = ((n + 1.0) / (df + 1.0)).ln() + 1.0;
                let boost = if term.starts_with("e:") {
                    self.config.entity_weight
                } else {
                    1.0
                };
                (term.clone(), (1.0 + tf.max(1.0).ln()) * idf * boost)
            })
            .collect();
        let _ = truncate(&mut vector, self.config.doc_terms);
        let norm = vector.values().map(|w| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            vector.values_mut().for_each(|w| *w /= norm);
        }
        vector
    }

    fn best_story(&self, vector: &Vector, day: Option<i64>) -> Option<Assignment> {
        // Dot products with the stories that share a term, through the postings; summed in
        // term order, so the result does not depend on hashing.
        let mut dots: BTreeMap<i64, f32> = BTreeMap::new();
        for (term, w) in vector {
            let Some(ids) = self.postings.get(term) else {
                continue;
            };
            for id in ids {
                if let Some(c) = self.stories.get(id).and_then(|s| s.centroid.get(term)) {
                    *dots.entry(*id).or_insert(0.0) += c * w;
                }
            }
        }
        let mut best: Option<Assignment> = None;
        for (id, dot) in dots {
            let Some(story) = self.stories.get(&id) else {
                continue;
            };
            if !story.in_window(day, self.config.window_days) {
                continue;
            }
            let norm = self.norms.get(&id).copied().unwrap_or(0.0);
            if norm <= 0.0 {
                continue;
            }
            let similarity = dot / norm;
            if similarity >= self.config.threshold && best.is_none_or(|b| similarity > b.similarity)
            {
                best = Some(Assignment {
                    story: id,
                    similarity,
                    created: false,
                });
            }
        }
        best
    }

    /// The document frequencies and stories changed since the last call (to be saved).
    pub fn take_dirty(&mut self) -> (Vec<(String, u64)>, Vec<Story>) {
        let terms = std::mem::take(&mut self.dirty_terms)
            .into_iter()
            .map(|t| {
                let df = self.df.get(&t).copied().unwrap_or(0);
                (t, df)
            })
            .collect();
        let stories = std::mem::take(&mut self.dirty_stories)
            .into_iter()
            .filter_map(|id| self.stories.get(&id).cloned())
            .collect();
        (terms, stories)
    }
}

/// Keep the `keep` heaviest entries (ties broken by term, so the result is deterministic);
/// returns the terms removed.
fn truncate(vector: &mut Vector, keep: usize) -> Vec<String> {
    if vector.len() <= keep {
        return Vec::new();
    }
    let mut weights: Vec<(f32, String)> = vector.iter().map(|(t, w)| (*w, t.clone())).collect();
    weights.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let removed: Vec<String> = weights.into_iter().skip(keep).map(|(_, t)| t).collect();
    for term in &removed {
        vector.remove(term);
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::article_terms;

    fn terms(text: &str) -> BTreeMap<String, f32> {
        article_terms(None, text, &[])
    }

    #[test]
    fn similar_articles_share_a_story_and_others_do_not() {
        let mut index = StoryIndex::new(StoryConfig::default());
        let a = index.add(
            &terms(
                "Floods closed the coast road near Dover after heavy rain; ferries were cancelled.",
            ),
            Some(100),
            "Floods",
            None,
        );
        let b = index.add(
            &terms("Heavy rain and floods cut the Dover coast road; ferries cancelled again."),
            Some(101),
            "Floods again",
            None,
        );
        let c = index.add(
            &terms("A volcano erupted in Iceland overnight."),
            Some(1),
            "c",
            Some(999),
        );
        assert!(a.created);
        assert_eq!(b.story, a.story);
        assert!(!b.created && b.similarity >= 0.2);
        assert!(c.created && c.story != a.story);
        assert_eq!(index.story(a.story).map(|s| s.articles), Some(2));
        assert_eq!(
            index.story(a.story).map(|s| (s.first_day, s.last_day)),
            Some((Some(100), Some(101)))
        );
    }

    #[test]
    fn the_time_window_separates_recurring_stories() {
        let mut index = StoryIndex::new(StoryConfig::default());
        let text = "Floods closed the coast road near Dover after heavy rain.";
        let a = index.add(&terms(text), Some(100), "Floods", None);
        let b = index.add(&terms(text), Some(200), "Floods", None);
        let undated = index.add(&terms(text), None, "Floods", None);
        assert_ne!(a.story, b.story);
        assert!(!undated.created);
    }

    #[test]
    fn duplicates_join_their_original_story() {
        let mut index = StoryIndex::new(StoryConfig::default());
        let a = index.add(&terms("Floods closed the coast road."), Some(1), "a", None);
        let b = index.add(
            &terms("Rates rose at the central bank."),
            Some(1),
            "b",
            Some(a.story),
        );
        assert_eq!(b.story, a.story);
        let c = index.add(
            &terms("A volcano erupted in Iceland overnight."),
            Some(1),
            "c",
            Some(999),
        );
        assert!(c.created);
    }

    #[test]
    fn restored_state_continues_exactly() {
        let texts = [
            "Floods closed the coast road near Dover after heavy rain.",
            "Dover floods: the coast road stays closed, ferries cancelled.",
            "The central bank raised interest rates to curb inflation.",
            "Inflation pushed the central bank to raise rates again.",
            "Ferries resumed at Dover as floods receded from the coast road.",
        ];
        let mut whole = StoryIndex::new(StoryConfig::default());
        let expected: Vec<i64> = texts
            .iter()
            .map(|t| whole.add(&terms(t), Some(5), t, None).story)
            .collect();
        let mut first = StoryIndex::new(StoryConfig::default());
        let mut got: Vec<i64> = texts[..2]
            .iter()
            .map(|t| first.add(&terms(t), Some(5), t, None).story)
            .collect();
        let (df, stories) = first.take_dirty();
        let mut second =
            StoryIndex::restore(StoryConfig::default(), first.documents(), df, stories);
        got.extend(
            texts[2..]
                .iter()
                .map(|t| second.add(&terms(t), Some(5), t, None).story),
        );
        assert_eq!(got, expected);
        assert_eq!(expected[0], expected[1]);
        assert_eq!(expected[2], expected[3]);
        assert_ne!(expected[0], expected[2]);
    }
}
