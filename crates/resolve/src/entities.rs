//! Entities merged across articles.
//!
//! An article's entity (its mentions already grouped by the analysis) is matched against the
//! entities already known, by key ([`crate::names::entity_key`]) and type:
//!
//! * a name of two or more words matches an entity that has that key (or the key of one of
//!   the article's aliases for it) among its aliases, of the same type — the one with most
//!   mentions when several do;
//! * a person named by one word only ("Hewitt") matches the one person of the same story
//!   whose surname it is, when exactly one does; failing that, the one person known by that
//!   single word alone ("Madonna"); else it is a new entity — a bare surname is never merged
//!   across stories, where it is ambiguous;
//! * types must agree: "Jordan" the person and "Jordan" the country stay apart.

use newsgraph_core::{Entity, EntityType, Mention};

use crate::names::{entity_key, is_single_word, surname};

/// A known entity, as the caller's lookup returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub entity_type: EntityType,
    /// The entity's own key (of its fullest name).
    pub key: String,
    pub mentions: u64,
}

/// Where the resolver looks things up: the store, or a map in tests.
pub trait EntityLookup {
    /// Known entities of this type that have `key` among their alias keys.
    fn by_alias(&mut self, key: &str, entity_type: EntityType) -> Vec<Candidate>;
    /// People mentioned in the story the article belongs to.
    fn story_people(&mut self) -> Vec<Candidate>;
}

/// What an article's entity resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Existing(i64),
    New,
}

/// The keys an article's entity is known by: its name's key first, then its aliases' keys,
/// without repeats or empty keys.
pub fn keys_of(entity: &Entity) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for name in std::iter::once(&entity.name).chain(entity.aliases.iter()) {
        let key = entity_key(name, entity.entity_type);
        if !key.is_empty() && !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// Resolve one article entity (given as its type and [`keys_of`]) against known entities.
pub fn resolve(
    keys: &[String],
    entity_type: EntityType,
    lookup: &mut dyn EntityLookup,
) -> Resolution {
    let Some(key) = keys.first() else {
        return Resolution::New;
    };
    if entity_type == EntityType::Person && is_single_word(key) {
        let mut owners: Vec<i64> = lookup
            .story_people()
            .into_iter()
            .filter(|c| c.entity_type == EntityType::Person && surname(&c.key) == Some(key))
            .map(|c| c.id)
            .collect();
        owners.sort_unstable();
        owners.dedup();
        if owners.len() == 1 {
            return Resolution::Existing(owners[0]);
        }
        if owners.is_empty() {
            let alone: Vec<Candidate> = lookup
                .by_alias(key, entity_type)
                .into_iter()
                .filter(|c| c.key == *key)
                .collect();
            if alone.len() == 1 {
                return Resolution::Existing(alone[0].id);
            }
        }
        return Resolution::New;
    }
    for key in keys {
        if entity_type == EntityType::Person && is_single_word(key) {
            continue;
        }
        let best = lookup
            .by_alias(key, entity_type)
            .into_iter()
            .filter(|c| c.entity_type == entity_type)
            .max_by(|a, b| a.mentions.cmp(&b.mentions).then(b.id.cmp(&a.id)));
        if let Some(best) = best {
            return Resolution::Existing(best.id);
        }
    }
    Resolution::New
}

/// Group an article's mentions into entities when the analysis did not (its entity layer
/// not run): mentions of one type with the same key are one entity, and a person's bare
/// surname joins the one person of the article with that surname (when exactly one has it).
/// Sets each mention's `entity`; the entity's name is its longest form, the other forms its
/// aliases.
pub fn group_mentions(mentions: &mut [Mention]) -> Vec<Entity> {
    let mut entities: Vec<Entity> = Vec::new();
    let mut keys: Vec<(EntityType, String)> = Vec::new();
    // Full names first, so that a surname met before its full name still finds it.
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by_key(|&i| {
        let key = entity_key(&mentions[i].text, mentions[i].entity_type);
        (
            is_single_word(&key) && mentions[i].entity_type == EntityType::Person,
            i,
        )
    });
    for i in order {
        let mention = &mentions[i];
        let t = mention.entity_type;
        let key = entity_key(&mention.text, t);
        if key.is_empty() {
            continue;
        }
        let mut found = keys.iter().position(|(kt, k)| *kt == t && *k == key);
        if found.is_none() && t == EntityType::Person && is_single_word(&key) {
            let owners: Vec<usize> = keys
                .iter()
                .enumerate()
                .filter(|(_, (kt, k))| *kt == t && surname(k) == Some(key.as_str()))
                .map(|(j, _)| j)
                .collect();
            if owners.len() == 1 {
                found = Some(owners[0]);
            }
        }
        let index = match found {
            Some(j) => j,
            None => {
                keys.push((t, key));
                entities.push(Entity {
                    index: entities.len(),
                    name: mention.text.clone(),
                    entity_type: t,
                    aliases: Vec::new(),
                    mentions: Vec::new(),
                    descriptors: Vec::new(),
                });
                entities.len() - 1
            }
        };
        let entity = &mut entities[index];
        entity.mentions.push(i);
        if mention.text.chars().count() > entity.name.chars().count() {
            let old = std::mem::replace(&mut entity.name, mention.text.clone());
            if !entity.aliases.contains(&old) {
                entity.aliases.push(old);
            }
        } else if mention.text != entity.name && !entity.aliases.contains(&mention.text) {
            entity.aliases.push(mention.text.clone());
        }
        mentions[i].entity = Some(index);
    }
    for entity in &mut entities {
        entity.mentions.sort_unstable();
    }
    entities
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[derive(Default)]
    struct Known {
        entities: Vec<(Candidate, Vec<String>)>,
        story: Vec<i64>,
    }

    impl Known {
        fn add(&mut self, id: i64, t: EntityType, key: &str, aliases: &[&str], mentions: u64) {
            let mut keys = vec![key.to_string()];
            keys.extend(aliases.iter().map(|a| a.to_string()));
            let candidate = Candidate {
                id,
                entity_type: t,
                key: key.to_string(),
                mentions,
            };
            self.entities.push((candidate, keys));
        }
    }

    impl EntityLookup for Known {
        fn by_alias(&mut self, key: &str, t: EntityType) -> Vec<Candidate> {
            self.entities
                .iter()
                .filter(|(c, keys)| c.entity_type == t && keys.iter().any(|k| k == key))
                .map(|(c, _)| c.clone())
                .collect()
        }
        fn story_people(&mut self) -> Vec<Candidate> {
            let story: HashMap<i64, ()> = self.story.iter().map(|&id| (id, ())).collect();
            self.entities
                .iter()
                .filter(|(c, _)| story.contains_key(&c.id))
                .map(|(c, _)| c.clone())
                .collect()
        }
    }

    fn entity(name: &str, t: EntityType, aliases: &[&str]) -> Entity {
        Entity {
            index: 0,
            name: name.to_string(),
            entity_type: t,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            mentions: vec![0],
            descriptors: Vec::new(),
        }
    }

    fn run(known: &mut Known, e: &Entity) -> Resolution {
        resolve(&keys_of(e), e.entity_type, known)
    }

    #[test]
    fn mentions_group_into_entities() {
        let mention = |text: &str, t: EntityType| Mention {
            span: newsgraph_core::Span::new(0, 1),
            sentence: 0,
            text: text.into(),
            entity_type: t,
            entity: None,
            confidence: 0.9,
        };
        let mut mentions = vec![
            mention("Hewitt", EntityType::Person),
            mention("Ms Patricia Hewitt", EntityType::Person),
            mention("Labour", EntityType::Org),
            mention("Patricia Hewitt", EntityType::Person),
            mention("Labour", EntityType::Org),
            mention("Jordan", EntityType::Loc),
            mention("Jordan", EntityType::Person),
        ];
        let entities = group_mentions(&mut mentions);
        assert_eq!(entities.len(), 4);
        let hewitt = &entities[mentions[0].entity.unwrap()];
        assert_eq!(hewitt.name, "Ms Patricia Hewitt");
        assert_eq!(hewitt.mentions, vec![0, 1, 3]);
        assert!(hewitt.aliases.contains(&"Hewitt".to_string()));
        assert_eq!(entities[mentions[2].entity.unwrap()].mentions, vec![2, 4]);
        assert_ne!(mentions[5].entity, mentions[6].entity);
        assert!(entities.iter().enumerate().all(|(i, e)| e.index == i));
    }

    #[test]
    fn name_variants_meet_on_their_key() {
        let mut known = Known::default();
        known.add(1, EntityType::Person, "patricia hewitt", &[], 4);
        let e = entity("Ms Patricia Hewitt", EntityType::Person, &["Hewitt"]);
        assert_eq!(run(&mut known, &e), Resolution::Existing(1));
        let e = entity("Patricia Hewitt's", EntityType::Person, &[]);
        assert_eq!(run(&mut known, &e), Resolution::Existing(1));
    }

    #[test]
    fn types_must_agree() {
        let mut known = Known::default();
        known.add(1, EntityType::Loc, "jordan", &[], 9);
        known.add(2, EntityType::Org, "african union", &["au"], 3);
        assert_eq!(
            run(&mut known, &entity("Jordan", EntityType::Person, &[])),
            Resolution::New
        );
        assert_eq!(
            run(&mut known, &entity("African Union", EntityType::Loc, &[])),
            Resolution::New
        );
        assert_eq!(
            run(
                &mut known,
                &entity("the African Union", EntityType::Org, &[])
            ),
            Resolution::Existing(2)
        );
    }

    #[test]
    fn a_surname_alone_merges_only_when_unambiguous_in_the_story() {
        let mut known = Known::default();
        known.add(1, EntityType::Person, "patricia hewitt", &["hewitt"], 4);
        known.add(2, EntityType::Person, "lleyton hewitt", &["hewitt"], 7);
        known.add(3, EntityType::Person, "madonna", &[], 2);
        let hewitt = entity("Hewitt", EntityType::Person, &[]);
        // Not in the story: a bare surname is not merged.
        assert_eq!(run(&mut known, &hewitt), Resolution::New);
        known.story = vec![1];
        assert_eq!(run(&mut known, &hewitt), Resolution::Existing(1));
        known.story = vec![1, 2];
        assert_eq!(run(&mut known, &hewitt), Resolution::New);
        // Someone known by one word alone.
        known.story = vec![];
        assert_eq!(
            run(&mut known, &entity("Madonna", EntityType::Person, &[])),
            Resolution::Existing(3)
        );
    }

    #[test]
    fn the_most_mentioned_entity_wins_a_shared_alias() {
        let mut known = Known::default();
        known.add(1, EntityType::Org, "united nations", &["un"], 2);
        known.add(2, EntityType::Org, "un security council", &["un"], 9);
        assert_eq!(
            run(&mut known, &entity("UN", EntityType::Org, &[])),
            Resolution::Existing(2)
        );
        assert_eq!(
            keys_of(&entity("UN", EntityType::Org, &["U.N.", "UN"])),
            vec!["un"]
        );
    }
}
