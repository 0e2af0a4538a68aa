//! Duplicates: wire copies of one agency story are linked to the first; a different story on
//! the same topic is not. Texts written for this test.

use newsgraph_core::{Article, DuplicateKind};
use newsgraph_ingest::dedup::{similarity, DedupOptions, Deduplicator, DEFAULT_THRESHOLD};

const AGENCY: &str = "GENEVA (Wire) - Talks between the two delegations on a ceasefire in the \
northern province ended on Thursday without an agreement, mediators said, after three days of \
negotiations at a lakeside hotel.\n\n\
The mediators, who asked not to be named because the talks were private, said both sides had \
agreed to meet again within two weeks and had exchanged lists of prisoners for a possible swap.\n\n\
\"We are closer than we were on Monday, but there is still a long way to go,\" one mediator told \
reporters outside the hotel. \"The question of who controls the border crossings remains the \
main obstacle.\"\n\n\
Fighting in the province has displaced more than 200,000 people since the spring, according to \
the United Nations refugee agency, and aid convoys have been unable to reach several towns near \
the border for more than a month.\n\n\
The government delegation was led by the deputy foreign minister, who said in a statement that \
his side remained committed to a negotiated settlement but would not accept any arrangement that \
left armed groups in control of the crossings.\n\n\
The rebel delegation did not comment on Thursday. Its spokesman said earlier in the week that \
any agreement would have to include guarantees for civilians returning to their homes and an \
international monitoring mission.\n\n\
Diplomats said the next round could take place in the same city, and that the United Nations \
special envoy was expected to travel to the region next week to meet leaders on both sides.\n\n\
The talks are the first direct contact between the two sides since a previous ceasefire \
collapsed in the summer after less than a month.";

/// A different story on the same topic, the same day.
const OTHER: &str = "Residents of towns near the northern border said on Thursday that food and \
fuel were running short, as ceasefire talks in Geneva ended without a deal.\n\n\
In one town, a market that once served thousands of people has been closed for weeks, and \
families are relying on bread baked by a local mosque, a teacher said by telephone.\n\n\
\"Nobody here is waiting for the politicians any more,\" she said. \"We are waiting for the \
trucks.\"\n\n\
Aid agencies have warned that the approach of winter could make the situation far worse, with \
roads to several villages expected to be cut off by snow within weeks.\n\n\
The United Nations refugee agency says more than 200,000 people have fled their homes in the \
province since the spring, many of them to camps in the south where shelter and clean water \
are scarce.\n\n\
Local officials said they had not been told when the next round of talks would take place, and \
that the crossings remained closed to most traffic.";

fn article(text: &str, url: &str) -> Article {
    let mut article = Article::from_text(text);
    article.url = Some(url.to_string());
    article.refresh_id();
    article
}

/// The wire copies, as sites run them.
fn copies() -> Vec<(&'static str, String)> {
    let paragraphs: Vec<&str> = AGENCY.split("\n\n").collect();
    vec![
        // The same text under another headline (headlines are not in the text).
        ("same text, new headline", AGENCY.to_string()),
        // An added sentence of local context.
        (
            "added sentence",
            format!("{AGENCY}\n\nThe province borders three countries and has been contested since independence."),
        ),
        // Site boilerplate around it.
        (
            "boilerplate",
            format!(
                "Advertisement\n\n{AGENCY}\n\nSign up for our morning newsletter to get the day's top stories in your inbox. \
                 Copyright 2026 The Daily Example. All rights reserved. Follow us on social media."
            ),
        ),
        // Trimmed: the last two paragraphs cut for space.
        ("trimmed", paragraphs[..paragraphs.len() - 2].join("\n\n")),
        // Edited: dateline dropped, a few words changed, a paragraph rewritten.
        (
            "edited",
            AGENCY
                .replace("GENEVA (Wire) - ", "")
                .replace("lakeside hotel", "hotel by the lake")
                .replace("told reporters", "told journalists")
                .replace(
                    "The rebel delegation did not comment on Thursday.",
                    "There was no immediate comment from the rebels.",
                ),
        ),
    ]
}

#[test]
fn wire_copies_link_to_the_first_and_other_stories_do_not() {
    let mut dedup = Deduplicator::default();
    let mut original = article(AGENCY, "https://wire.example/ceasefire");
    dedup.process(&mut original);
    assert_eq!(original.duplicate_of, None);

    let mut report = Vec::new();
    for (i, (what, text)) in copies().into_iter().enumerate() {
        let mut copy = article(&text, &format!("https://site{i}.example/story"));
        dedup.process(&mut copy);
        let link = copy
            .duplicate_of
            .clone()
            .unwrap_or_else(|| panic!("{what}: not linked"));
        assert_eq!(link.id, original.id, "{what}");
        let direct = similarity(AGENCY, &text);
        report.push(format!(
            "{what}: {:?} {:.2} (direct {direct:.2})",
            link.kind, link.similarity
        ));
        if i == 0 {
            assert_eq!(link.kind, DuplicateKind::Exact);
        } else {
            assert_eq!(link.kind, DuplicateKind::Near, "{what}");
            assert!(
                link.similarity >= DEFAULT_THRESHOLD,
                "{what}: {}",
                link.similarity
            );
        }
    }
    let mut other = article(OTHER, "https://site9.example/border");
    dedup.process(&mut other);
    assert_eq!(other.duplicate_of, None);
    let unrelated = similarity(AGENCY, OTHER);
    report.push(format!("different story, same topic: {unrelated:.2}"));
    assert!(unrelated < 0.1, "{unrelated}");
    // The measurements behind the threshold, shown with --nocapture.
    println!("{}", report.join("\n"));
    let stats = dedup.stats();
    assert_eq!((stats.articles, stats.exact, stats.near), (7, 1, 4));
}

#[test]
fn copies_of_copies_point_at_the_origin() {
    // A chain: each version edits the one before; the last is far from the first but still
    // linked to it through the chain.
    let mut versions = vec![AGENCY.to_string()];
    let paragraphs: Vec<&str> = AGENCY.split("\n\n").collect();
    for cut in 1..4 {
        versions.push(paragraphs[cut..].join("\n\n"));
    }
    let mut dedup = Deduplicator::default();
    let mut articles: Vec<Article> = versions
        .iter()
        .enumerate()
        .map(|(i, t)| article(t, &format!("https://v{i}.example/")))
        .collect();
    for a in &mut articles {
        dedup.process(a);
    }
    for later in &articles[1..] {
        let link = later.duplicate_of.as_ref().expect("linked");
        assert_eq!(link.id, articles[0].id);
        assert_eq!(link.kind, DuplicateKind::Near);
    }
    // An exact copy of a near duplicate links to the origin, as a near duplicate.
    let mut again = article(&versions[1], "https://again.example/");
    dedup.process(&mut again);
    let link = again.duplicate_of.expect("linked");
    assert_eq!(link.id, articles[0].id);
    assert_eq!(link.kind, DuplicateKind::Near);
    assert_eq!(
        Some(link.similarity),
        articles[1].duplicate_of.as_ref().map(|l| l.similarity)
    );
}

#[test]
fn short_texts_are_only_exact_duplicates_and_near_can_be_off() {
    let mut dedup = Deduplicator::default();
    let mut a = article("Storm closes the coast road.", "https://a.example/");
    let mut b = article("Storm closes the coast road today.", "https://b.example/");
    dedup.process(&mut a);
    dedup.process(&mut b);
    assert_eq!(b.duplicate_of, None);

    let mut exact_only = Deduplicator::new(DedupOptions {
        near: false,
        ..DedupOptions::default()
    });
    let texts = copies();
    let mut first = article(AGENCY, "https://wire.example/");
    let mut edited = article(&texts[1].1, "https://x.example/");
    exact_only.process(&mut first);
    exact_only.process(&mut edited);
    assert_eq!(edited.duplicate_of, None);
    // A link set by the input is kept.
    let mut preset = article(AGENCY, "https://y.example/");
    preset.duplicate_of = Some(newsgraph_core::DuplicateLink {
        id: "given".to_string(),
        kind: DuplicateKind::Near,
        similarity: 0.9,
    });
    exact_only.process(&mut preset);
    assert_eq!(preset.duplicate_of.unwrap().id, "given");
}
