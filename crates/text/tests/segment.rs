//! Behaviour of `segment` on sentences written for these tests.

use newsgraph_text::{segment, Segmentation, SentenceKind, TokenKind};

/// The token texts of `text`.
fn tokens(text: &str) -> Vec<&str> {
    let segmentation = segment(text);
    segmentation
        .tokens
        .iter()
        .map(|t| &text[t.span.start..t.span.end])
        .collect()
}

/// The sentence texts of `text`.
fn sentences(text: &str) -> Vec<&str> {
    segment(text)
        .sentences
        .iter()
        .map(|s| &text[s.span.start..s.span.end])
        .collect()
}

fn kind_of(text: &str, token: &str) -> TokenKind {
    let segmentation = segment(text);
    segmentation
        .tokens
        .iter()
        .find(|t| &text[t.span.start..t.span.end] == token)
        .map(|t| t.kind)
        .unwrap_or_else(|| panic!("no token {token:?} in {text:?}"))
}

/// Spans within the text, on char boundaries, ordered, non-overlapping; sentences cover the
/// tokens in order and contain them.
fn assert_well_formed(text: &str, segmentation: &Segmentation) {
    let mut previous_end = 0;
    for token in &segmentation.tokens {
        assert!(token.span.start < token.span.end, "empty token in {text:?}");
        assert!(token.span.start >= previous_end, "overlap in {text:?}");
        assert!(text.is_char_boundary(token.span.start));
        assert!(text.is_char_boundary(token.span.end));
        previous_end = token.span.end;
    }
    let mut next_token = 0;
    for sentence in &segmentation.sentences {
        assert_eq!(sentence.tokens.start, next_token);
        assert!(sentence.tokens.end > sentence.tokens.start);
        for token in &segmentation.tokens[sentence.tokens.clone()] {
            assert!(sentence.span.contains(&token.span));
        }
        if let Some(dateline) = sentence.dateline {
            assert!(sentence.span.contains(&dateline));
        }
        next_token = sentence.tokens.end;
    }
    assert_eq!(next_token, segmentation.tokens.len());
}

#[test]
fn splits_clitics_money_and_keeps_abbreviations() {
    assert_eq!(
        tokens("The U.S. didn't pay $2m to Gen. Okafor."),
        ["The", "U.S.", "did", "n't", "pay", "$", "2", "m", "to", "Gen.", "Okafor", "."]
    );
    assert_eq!(
        tokens("I'm sure they're here; we've won, she'll go, he'd stay."),
        [
            "I", "'m", "sure", "they", "'re", "here", ";", "we", "'ve", "won", ",", "she", "'ll",
            "go", ",", "he", "'d", "stay", "."
        ]
    );
    assert_eq!(
        tokens("We cannot, we're gonna win. Okafor's and the parents' cars"),
        [
            "We", "can", "not", ",", "we", "'re", "gon", "na", "win", ".", "Okafor", "'s", "and",
            "the", "parents", "'", "cars"
        ]
    );
    assert_eq!(tokens("Don\u{2019}t"), ["Do", "n\u{2019}t"]);
    assert_eq!(tokens("WON'T"), ["WO", "N'T"]);
}

#[test]
fn numbers_stay_whole_and_units_split() {
    assert_eq!(
        tokens("About 1,200.5 troops at 10:30 on 9/11, call 713-555-0199."),
        [
            "About",
            "1,200.5",
            "troops",
            "at",
            "10:30",
            "on",
            "9/11",
            ",",
            "call",
            "713-555-0199",
            "."
        ]
    );
    assert_eq!(
        tokens("Profits rose 2% to \u{a3}600m, from $1.1bn, in the 1990s, on the 21st."),
        [
            "Profits", "rose", "2", "%", "to", "\u{a3}", "600", "m", ",", "from", "$", "1.1", "bn",
            ",", "in", "the", "1990s", ",", "on", "the", "21st", "."
        ]
    );
    assert_eq!(tokens("5-10 days"), ["5", "-", "10", "days"]);
    assert_eq!(tokens("in the '90s"), ["in", "the", "'90s"]);
    assert_eq!(
        kind_of("About 1,200.5 troops", "1,200.5"),
        TokenKind::Number
    );
}

#[test]
fn hyphens_follow_ud_english() {
    assert_eq!(
        tokens("A 15-year-old e-mail urged a non-violent, well-known co-op."),
        [
            "A",
            "15",
            "-",
            "year",
            "-",
            "old",
            "e-mail",
            "urged",
            "a",
            "non-violent",
            ",",
            "well",
            "-",
            "known",
            "co-op",
            "."
        ]
    );
}

#[test]
fn urls_emails_handles_hashtags_emoji() {
    let text = "Mail press@example.org, see https://example.com/a?b=1 (or www.example.org). \
                Follow @newsgraph #Vote2024 \u{1F44D}\u{1F3FD} :)";
    assert_eq!(
        tokens(text),
        [
            "Mail",
            "press@example.org",
            ",",
            "see",
            "https://example.com/a?b=1",
            "(",
            "or",
            "www.example.org",
            ")",
            ".",
            "Follow",
            "@newsgraph",
            "#Vote2024",
            "\u{1F44D}\u{1F3FD}",
            ":)"
        ]
    );
    assert_eq!(kind_of(text, "press@example.org"), TokenKind::Email);
    assert_eq!(kind_of(text, "https://example.com/a?b=1"), TokenKind::Url);
    assert_eq!(kind_of(text, "@newsgraph"), TokenKind::Handle);
    assert_eq!(kind_of(text, "#Vote2024"), TokenKind::Hashtag);
    assert_eq!(kind_of(text, "\u{1F44D}\u{1F3FD}"), TokenKind::Emoji);
    let family = "A \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} and \u{1F1EB}\u{1F1F7}";
    assert_eq!(
        tokens(family),
        [
            "A",
            "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",
            "and",
            "\u{1F1EB}\u{1F1F7}"
        ]
    );
}

#[test]
fn quotes_dashes_and_ellipses() {
    assert_eq!(
        tokens("\u{201C}Yes,\u{201D} she said\u{2014}twice... ``Odd'' -- really"),
        [
            "\u{201C}", "Yes", ",", "\u{201D}", "she", "said", "\u{2014}", "twice", "...", "``",
            "Odd", "''", "--", "really"
        ]
    );
}

#[test]
fn sentence_ends_after_closing_quote() {
    assert_eq!(
        sentences("He said: \"We will win.\" Then he left."),
        ["He said: \"We will win.\"", "Then he left."]
    );
    assert_eq!(
        sentences("\u{201C}We will win.\u{201D} Then he left (quickly.) Fine"),
        [
            "\u{201C}We will win.\u{201D}",
            "Then he left (quickly.)",
            "Fine"
        ]
    );
    assert_eq!(
        sentences("\"Why?\" he asked. Nobody knew!"),
        ["\"Why?\" he asked.", "Nobody knew!"]
    );
}

#[test]
fn abbreviations_and_initials_do_not_split() {
    assert_eq!(
        sentences("Dr. J. Smith met Mr. Brown at 5 p.m. on Jan. 5. He left."),
        [
            "Dr. J. Smith met Mr. Brown at 5 p.m. on Jan. 5.",
            "He left."
        ]
    );
    assert_eq!(
        sentences("Acme Inc. President Lee spoke. The U.S. Army listened."),
        ["Acme Inc. President Lee spoke.", "The U.S. Army listened."]
    );
}

#[test]
fn abbreviation_ending_a_sentence_gives_up_its_period() {
    let text = "They sell pens, paper, etc. The shop moved to the U.S.";
    assert_eq!(
        sentences(text),
        ["They sell pens, paper, etc.", "The shop moved to the U.S."]
    );
    assert_eq!(
        tokens(text),
        [
            "They", "sell", "pens", ",", "paper", ",", "etc", ".", "The", "shop", "moved", "to",
            "the", "U.S", "."
        ]
    );
    assert_well_formed(text, &segment(text));
}

#[test]
fn lower_case_after_a_period_still_splits() {
    assert_eq!(
        sentences("where did you grow up? india? ok. fine"),
        ["where did you grow up?", "india?", "ok.", "fine"]
    );
    assert_eq!(
        sentences("Wait... what happened"),
        ["Wait... what happened"]
    );
}

#[test]
fn dateline_opens_the_first_sentence() {
    let text = "KHARTOUM, Sudan - The army said it had retaken the town. Residents fled.";
    let segmentation = segment(text);
    assert_eq!(segmentation.sentences.len(), 2);
    let dateline = segmentation.sentences[0].dateline.expect("dateline");
    assert_eq!(&text[dateline.start..dateline.end], "KHARTOUM, Sudan -");
    assert_eq!(segmentation.sentences[1].dateline, None);

    for (text, expected) in [
        (
            "WASHINGTON (Reuters) - The Senate voted.",
            "WASHINGTON (Reuters) -",
        ),
        (
            "New York (AP) \u{2014} Stocks rose.",
            "New York (AP) \u{2014}",
        ),
        (
            "LONDON, March 3 (Reuters) - Shares fell.",
            "LONDON, March 3 (Reuters) -",
        ),
    ] {
        let dateline = segment(text).sentences[0].dateline.expect(text);
        assert_eq!(&text[dateline.start..dateline.end], expected);
    }
    assert_eq!(
        segment("The army said - again - no.").sentences[0].dateline,
        None
    );
}

#[test]
fn headline_paragraphs_and_list_items() {
    let text = "Army retakes northern town\n\n\
                KHARTOUM, Sudan - The army said so. Residents fled.\n\n\
                Key points:\n\
                - The army left. Nobody stayed.\n\
                * Talks resume Monday\n\
                \u{2022} Prices rose\n\
                1. First item\n\
                2) Second item";
    let segmentation = segment(text);
    assert_well_formed(text, &segmentation);
    let summary: Vec<(usize, SentenceKind, &str)> = segmentation
        .sentences
        .iter()
        .map(|s| (s.paragraph, s.kind, &text[s.span.start..s.span.end]))
        .collect();
    use SentenceKind::{Body, Headline, ListItem};
    assert_eq!(
        summary,
        [
            (0, Headline, "Army retakes northern town"),
            (1, Body, "KHARTOUM, Sudan - The army said so."),
            (1, Body, "Residents fled."),
            (2, Headline, "Key points:"),
            (2, ListItem, "- The army left."),
            (2, Body, "Nobody stayed."),
            (2, ListItem, "* Talks resume Monday"),
            (2, ListItem, "\u{2022} Prices rose"),
            (2, ListItem, "1. First item"),
            (2, ListItem, "2) Second item"),
        ]
    );
}

#[test]
fn single_newlines_split_short_lines_but_not_wrapped_prose() {
    let text = "Ministers meet in Paris\n\
                The talks, which were first proposed by the French government in\n\
                March, will cover trade. They end on Friday.\n\
                Reporting by A. Writer";
    assert_eq!(
        sentences(text),
        [
            "Ministers meet in Paris",
            "The talks, which were first proposed by the French government in\nMarch, will \
             cover trade.",
            "They end on Friday.",
            "Reporting by A. Writer"
        ]
    );
}

#[test]
fn space_after_is_reported() {
    let text = "Hi, you.\u{a0}Bye";
    let segmentation = segment(text);
    let flags: Vec<bool> = segmentation.tokens.iter().map(|t| t.space_after).collect();
    assert_eq!(flags, [false, true, false, true, false]);
}

#[test]
fn empty_and_blank_texts() {
    for text in ["", " ", "\n\n\t \u{a0}\u{3000}\n"] {
        let segmentation = segment(text);
        assert!(segmentation.tokens.is_empty(), "{text:?}");
        assert!(segmentation.sentences.is_empty(), "{text:?}");
    }
}

#[test]
fn only_punctuation() {
    let text = "!!! ... ?? --- (( )) \"\" '' ,,, ;;";
    let segmentation = segment(text);
    assert_well_formed(text, &segmentation);
    assert!(!segmentation.tokens.is_empty());
    assert!(segmentation
        .tokens
        .iter()
        .all(|t| matches!(t.kind, TokenKind::Punct | TokenKind::Symbol)));
}

#[test]
fn a_long_sentence_without_punctuation() {
    let text = "word ".repeat(10_000);
    let segmentation = segment(&text);
    assert_well_formed(&text, &segmentation);
    assert_eq!(segmentation.tokens.len(), 10_000);
    assert_eq!(segmentation.sentences.len(), 1);
}

#[test]
fn mixed_scripts() {
    let text = "\u{41e}\u{43d} \u{441}\u{43a}\u{430}\u{437}\u{430}\u{43b}: \u{ab}\u{414}\u{430}\u{bb}. \
                \u{4ed6}\u{8bf4}\u{ff1a}\u{201c}\u{662f}\u{7684}\u{3002}\u{201d}\u{7136}\u{540e}\u{79bb}\u{5f00}\u{3002} \
                \u{642}\u{627}\u{644}: \u{646}\u{639}\u{645}\u{61f} \u{62b}\u{645} \u{63a}\u{627}\u{62f}\u{631}.";
    let segmentation = segment(text);
    assert_well_formed(text, &segmentation);
    let sentence_texts: Vec<&str> = segmentation
        .sentences
        .iter()
        .map(|s| &text[s.span.start..s.span.end])
        .collect();
    assert_eq!(sentence_texts.len(), 5, "{sentence_texts:?}");
    assert_eq!(
        sentence_texts[0],
        "\u{41e}\u{43d} \u{441}\u{43a}\u{430}\u{437}\u{430}\u{43b}: \u{ab}\u{414}\u{430}\u{bb}."
    );
    assert!(tokens(text).contains(&"\u{4ed6}\u{8bf4}"));
}

#[test]
fn all_caps_text() {
    assert_eq!(
        sentences("THE ARMY SAID IT WON. PEOPLE FLED TO THE U.S. AND CANADA."),
        [
            "THE ARMY SAID IT WON.",
            "PEOPLE FLED TO THE U.S. AND CANADA."
        ]
    );
    assert_eq!(tokens("DIDN'T"), ["DID", "N'T"]);
}

#[test]
fn unbalanced_quotes() {
    let text = "He said \"we will win. Then nothing\" happened' and ( more";
    let segmentation = segment(text);
    assert_well_formed(text, &segmentation);
    assert_eq!(segmentation.sentences.len(), 2);
}

#[test]
fn invisible_and_odd_whitespace() {
    let text = "co\u{ad}operate\u{200b}now\u{a0}here\u{2009}too";
    assert_eq!(tokens(text), ["co\u{ad}operate", "now", "here", "too"]);
}

#[test]
fn invalid_utf8_read_lossily_does_not_panic() {
    let bytes = b"Caf\xe9 \xff\xfe prices rose.\n\nNext";
    let text = String::from_utf8_lossy(bytes);
    let segmentation = segment(&text);
    assert_well_formed(&text, &segmentation);
    assert_eq!(segmentation.sentences.len(), 2);
}

#[test]
fn segment_into_reuses_and_clears() {
    let mut segmentation = Segmentation::default();
    newsgraph_text::segment_into("One. Two.", &mut segmentation);
    assert_eq!(segmentation.sentences.len(), 2);
    newsgraph_text::segment_into("Three", &mut segmentation);
    assert_eq!(segmentation, segment("Three"));
}

#[test]
fn a_wrapped_line_after_a_title_does_not_split() {
    let text = "The talks with the finance minister and the central bank governor, Dr.\n\
                Okafor, went on all night. They ended at dawn.";
    assert_eq!(
        sentences(text),
        [
            "The talks with the finance minister and the central bank governor, Dr.\nOkafor, \
             went on all night.",
            "They ended at dawn."
        ]
    );
}

#[test]
fn windows_line_endings() {
    let text = "Storm hits coast\r\n\r\nWinds rose. Roads closed.\r\n";
    let segmentation = segment(text);
    let summary: Vec<(usize, SentenceKind)> = segmentation
        .sentences
        .iter()
        .map(|s| (s.paragraph, s.kind))
        .collect();
    assert_eq!(
        summary,
        [
            (0, SentenceKind::Headline),
            (1, SentenceKind::Body),
            (1, SentenceKind::Body)
        ]
    );
}

#[test]
fn emoticons_end_sentences_before_a_capital() {
    assert_eq!(
        sentences("We won :D Great news :) Thanks"),
        ["We won :D", "Great news :)", "Thanks"]
    );
}
