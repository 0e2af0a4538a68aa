use super::*;

use proptest::prelude::*;

use EntityType::{Loc, Misc, Org, Person};

fn sentence(text: &str, entities: &[(usize, usize, EntityType)]) -> TrainSentence {
    TrainSentence {
        tokens: text.split_whitespace().map(str::to_string).collect(),
        entities: entities.to_vec(),
    }
}

/// A few documents written for these tests.
fn corpus() -> Vec<TrainDocument> {
    vec![
        TrainDocument {
            sentences: vec![
                sentence("FLOODS HIT NORTHERN KENYA", &[(3, 4, Loc)]),
                sentence(
                    "Maria Okafor , a spokeswoman for the Red Cross , said rivers rose in Kenya .",
                    &[(0, 2, Person), (7, 9, Org), (15, 16, Loc)],
                ),
                sentence(
                    "Okafor said Kenyan officials asked the United Nations for help .",
                    &[(0, 1, Person), (2, 3, Misc), (7, 9, Org)],
                ),
            ],
        },
        TrainDocument {
            sentences: vec![
                sentence(
                    "John Smith of Acme Corp flew to Paris on Monday .",
                    &[(0, 2, Person), (3, 5, Org), (7, 8, Loc)],
                ),
                sentence(
                    "Smith told French reporters that Acme Corp would open an office in Lyon .",
                    &[(0, 1, Person), (2, 3, Misc), (5, 7, Org), (14, 15, Loc)],
                ),
            ],
        },
        TrainDocument {
            sentences: vec![sentence(
                "Ahmed Khan met Peter Brown in Berlin before the German election .",
                &[(0, 2, Person), (3, 5, Person), (6, 7, Loc), (9, 10, Misc)],
            )],
        },
    ]
}

fn toy_gazetteer() -> Gazetteer {
    Gazetteer::from_lists(&[
        (
            "loc_country".to_string(),
            vec!["Kenya", "France", "Germany"],
        ),
        ("loc_city".to_string(), vec!["Paris", "Lyon", "Berlin"]),
        ("org_igo".to_string(), vec!["United Nations", "Red Cross"]),
        (
            "misc_demonym".to_string(),
            vec!["Kenyan", "French", "German"],
        ),
    ])
    .unwrap()
}

fn train_toy(seed: u64) -> (Recognizer, TrainReport) {
    let docs = corpus();
    let unlabelled = vec!["Officials in Paris and Kenya met the Red Cross on Monday .".to_string()];
    let config = TrainConfig {
        iterations: 4,
        seed,
        folds: 2,
        clusters: vec![
            ("Paris".into(), "1:2:3".into()),
            ("Lyon".into(), "1:2:3".into()),
        ],
        ..TrainConfig::default()
    };
    train(&docs, &docs, toy_gazetteer(), &unlabelled, config).unwrap()
}

fn tokens(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

#[test]
fn bilou_round_trip() {
    let spans = vec![(0, 2, Person), (2, 3, Person), (4, 7, Org), (8, 9, Misc)];
    let labels = encode_bilou(9, &spans);
    assert_eq!(labels[0], label_id(Person, Position::Begin));
    assert_eq!(labels[1], label_id(Person, Position::Last));
    assert_eq!(labels[2], label_id(Person, Position::Unit));
    assert_eq!(labels[5], label_id(Org, Position::Inside));
    assert_eq!(labels[3], 0);
    assert_eq!(decode_bilou(&labels), spans);
    for label in 0..N_LABELS as u8 {
        match label_parts(label) {
            None => assert_eq!(label, 0),
            Some((t, p)) => assert_eq!(label_id(t, p), label),
        }
    }
}

#[test]
fn bilou_skips_bad_spans_and_decodes_leniently() {
    // Overlapping, empty and out-of-range spans are skipped.
    let labels = encode_bilou(3, &[(0, 2, Loc), (1, 3, Org), (2, 2, Org), (2, 9, Misc)]);
    assert_eq!(decode_bilou(&labels), vec![(0, 2, Loc)]);
    // I without B, B without L, type change inside an entity.
    let i_loc = label_id(Loc, Position::Inside);
    let b_org = label_id(Org, Position::Begin);
    let l_per = label_id(Person, Position::Last);
    assert_eq!(
        decode_bilou(&[i_loc, i_loc, b_org, l_per, 0, b_org]),
        vec![(0, 2, Loc), (2, 3, Org), (3, 4, Person), (5, 6, Org)]
    );
    assert!(decode_bilou(&[]).is_empty());
}

#[test]
fn transitions_keep_bilou_well_formed() {
    let b = label_id(Org, Position::Begin);
    let i = label_id(Org, Position::Inside);
    let l = label_id(Org, Position::Last);
    let u = label_id(Loc, Position::Unit);
    assert!(allowed(None, b, false));
    assert!(!allowed(None, b, true), "B cannot end a sentence");
    assert!(!allowed(None, i, false));
    assert!(allowed(Some(b), i, false) && allowed(Some(b), l, true));
    assert!(!allowed(Some(b), 0, false) && !allowed(Some(b), u, false));
    assert!(!allowed(Some(b), label_id(Loc, Position::Last), false));
    assert!(allowed(Some(l), u, true) && allowed(Some(u), 0, false));
}

#[test]
fn capitals_are_detected_and_recased() {
    assert!(sentence_in_capitals(
        tokens("FLOODS HIT NORTHERN KENYA").into_iter()
    ));
    assert!(sentence_in_capitals(
        tokens("BRUSSELS 1996-08-22").into_iter()
    ));
    assert!(!sentence_in_capitals(
        tokens("EU rejects German call").into_iter()
    ));
    assert!(!sentence_in_capitals(tokens("1996 , 12").into_iter()));
    let lexicon = Lexicon::new(&["Kenya".to_string(), "northern".to_string()], &[]);
    let gazetteer = Gazetteer::default();
    let resources = Resources {
        gazetteer: &gazetteer,
        lexicon: &lexicon,
    };
    let mut buffers = Buffers::default();
    let (upper, upper_lex) = resources.token("KENYA", true, &mut buffers);
    let (title, title_lex) = resources.token("Kenya", false, &mut buffers);
    assert_eq!(upper.word, title.word, "KENYA in a headline reads as Kenya");
    assert_eq!(upper_lex.shape, title_lex.shape);
    assert_eq!(upper.sshape, title.sshape);
    assert_ne!(
        upper.oshape, title.oshape,
        "the original shape is kept apart"
    );
    assert!(upper.capitalised);
    let (northern, _) = resources.token("NORTHERN", true, &mut buffers);
    assert!(
        !northern.capitalised,
        "NORTHERN is lower case in running text"
    );
    let (unknown, _) = resources.token("ZANZIBAR", true, &mut buffers);
    let (titled, _) = resources.token("Zanzibar", false, &mut buffers);
    assert_eq!(
        unknown.word, titled.word,
        "unknown words fall back to title case"
    );
    assert_eq!(unknown.lower, titled.lower);
    // Outside a headline, capitals stay as they are.
    let (acronym, _) = resources.token("KENYA", false, &mut buffers);
    assert_ne!(acronym.word, title.word);
    assert_eq!(acronym.lower, title.lower);
}

#[test]
fn truecase_lexicon_prefers_running_text_forms() {
    let sentences = vec![
        tokens("The minister met officials in Kenya ."),
        tokens("Officials said the Kenya talks failed ."),
        tokens("KENYA TALKS FAIL"),
        tokens("They met the US envoy and the US ambassador ."),
    ];
    let forms = learn_truecase(sentences.into_iter(), 2);
    assert!(forms.contains(&"Kenya".to_string()));
    assert!(forms.contains(&"US".to_string()));
    assert!(forms.contains(&"the".to_string()));
    assert!(!forms.iter().any(|f| f == "KENYA" || f == "They"));
}

#[test]
fn rough_sentences_split_punctuation() {
    let text = "Mr. Smith went to Washington, D.C. on Monday. He said: \"fine\".\nNEW LINE";
    let sentences = rough_sentences(text);
    assert_eq!(sentences[0][..4], ["Mr.", "Smith", "went", "to"]);
    assert!(sentences[0].contains(&"Washington") && sentences[0].contains(&","));
    assert_eq!(*sentences.last().unwrap(), vec!["NEW", "LINE"]);
    assert!(rough_sentences("").is_empty());
    assert!(rough_sentences("... !!! ¿").iter().all(|s| !s.is_empty()));
}

#[test]
fn tiny_model_learns_its_training_data() {
    let (recognizer, report) = train_toy(3);
    assert_eq!(report.dev_f1.len(), 4);
    assert!(
        report.dev_f1[report.best_iteration - 1] > 80.0,
        "{report:?}"
    );
    let doc = vec![
        tokens("Maria Okafor , a spokeswoman for the Red Cross , said rivers rose in Kenya ."),
        tokens("John Smith of Acme Corp flew to Paris on Monday ."),
    ];
    let mut out = Vec::new();
    recognizer.recognize(&doc, &mut out);
    let found: Vec<(usize, usize, usize, EntityType)> = out
        .iter()
        .map(|e| (e.sentence, e.start, e.end, e.label))
        .collect();
    assert!(found.contains(&(0, 0, 2, Person)), "{found:?}");
    assert!(found.contains(&(0, 7, 9, Org)), "{found:?}");
    assert!(found.contains(&(0, 15, 16, Loc)), "{found:?}");
    assert!(found.contains(&(1, 7, 8, Loc)), "{found:?}");
    for e in &out {
        assert!((0.0..=1.0).contains(&e.confidence), "{e:?}");
    }
}

#[test]
fn same_seed_same_model_bytes_and_save_load_round_trip() {
    let (a, _) = train_toy(5);
    let (b, _) = train_toy(5);
    let header = ModelHeader::new(MODEL_KIND);
    let bytes_a = a.to_bytes(&header).unwrap();
    assert_eq!(bytes_a, b.to_bytes(&header).unwrap());
    let path = std::env::temp_dir().join(format!("newsgraph-ner-test-{}.ngm", std::process::id()));
    a.save(&path, &header).unwrap();
    let loaded = Recognizer::load(&path).unwrap();
    let _ = std::fs::remove_file(&path);
    assert_eq!(loaded.header().kind, MODEL_KIND);
    assert_eq!(loaded.n_features(), a.n_features());
    let doc = vec![
        tokens("Ahmed Khan met Peter Brown in Berlin ."),
        tokens("KENYA FLOODS"),
    ];
    let (mut from_a, mut from_loaded) = (Vec::new(), Vec::new());
    a.recognize(&doc, &mut from_a);
    loaded.recognize(&doc, &mut from_loaded);
    assert_eq!(from_a, from_loaded);
    // The cache gives the same answers on a second call and after another model ran.
    let mut again = Vec::new();
    b.recognize(&doc, &mut again);
    a.recognize(&doc, &mut again);
    assert_eq!(again, from_a);
}

#[test]
fn cached_scores_equal_plain_feature_scores() {
    let (recognizer, _) = train_toy(9);
    let doc = vec![
        tokens("Maria Okafor of the Red Cross visited Kenya ."),
        tokens("OKAFOR IN KENYA"),
        tokens("Unseen Words here"),
    ];
    let mut s = Scratch::default();
    recognizer.label(&doc, &mut s);
    // Recompute every static score from plain feature lists.
    let resources = Resources {
        gazetteer: &recognizer.gazetteer,
        lexicon: &recognizer.lexicon,
    };
    let mut plain = Scratch::default();
    resources.prepare(&doc, &mut plain);
    let mut features = Vec::new();
    for info in &plain.sentences {
        let toks = &plain.toks[info.start..info.end];
        let lexical = &plain.lexical[info.start..info.end];
        for i in 0..toks.len() {
            features.clear();
            static_features(toks, lexical, i, info, &mut features);
            let mut scores = [0f32; N_LABELS];
            recognizer.model.add_scores(&features, &mut scores);
            let at = info.start + i;
            for (x, y) in scores
                .iter()
                .zip(&s.static_scores[at * N_LABELS..(at + 1) * N_LABELS])
            {
                assert!((x - y).abs() < 1e-3, "{x} vs {y}");
            }
        }
    }
}

#[test]
fn recognizer_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Recognizer>();
}

#[test]
fn garbage_model_files_are_errors() {
    let path = std::env::temp_dir().join(format!("newsgraph-ner-bad-{}.ngm", std::process::id()));
    std::fs::write(&path, b"NGMODEL\n\x05\0\0\0{}").unwrap();
    assert!(Recognizer::load(&path).is_err());
    let _ = std::fs::remove_file(&path);
    assert!(Recognizer::load(Path::new("/nonexistent/ner.ngm")).is_err());
}

#[test]
fn hard_inputs_do_not_panic() {
    let (recognizer, _) = train_toy(1);
    let mut out = Vec::new();
    let empty: Vec<Vec<&str>> = Vec::new();
    recognizer.recognize(&empty, &mut out);
    assert!(out.is_empty());
    recognizer.recognize(&[Vec::<&str>::new(), vec![""], vec![]], &mut out);
    let long: Vec<String> = (0..10_000)
        .map(|i| ["Paris", "the", "KENYA", "Okafor", ",", "1996", "ü"][i % 7].to_string())
        .collect();
    let long: Vec<&str> = long.iter().map(String::as_str).collect();
    recognizer.recognize(std::slice::from_ref(&long), &mut out);
    for e in &out {
        assert!(e.start < e.end && e.end <= long.len());
    }
    recognizer.recognize(&[tokens(". , ; : ! ? ( ) \" ' -- ...")], &mut out);
    recognizer.recognize(
        &[tokens(
            "Путин встретился с Си Цзиньпином в 北京 , مرحبا Paris",
        )],
        &mut out,
    );
    recognizer.recognize(
        &[tokens("ALL CAPS HEADLINE ABOUT KENYA AND THE RED CROSS")],
        &mut out,
    );
    // One word many times in one document (document counts saturate).
    let same = vec![vec!["Paris"; 1000]; 70];
    recognizer.recognize(&same, &mut out);
    let huge = "x".repeat(100_000);
    recognizer.recognize(
        &[vec![huge.as_str(), "\u{0}", "\u{FFFF}", "\u{1F600}"]],
        &mut out,
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn arbitrary_documents_never_panic(
        doc in proptest::collection::vec(
            proptest::collection::vec(any::<String>(), 0..30),
            0..5,
        )
    ) {
        thread_local! {
            static MODEL: Recognizer = train_toy(2).0;
        }
        MODEL.with(|recognizer| {
            let mut out = Vec::new();
            recognizer.recognize(&doc, &mut out);
            let mut last: Option<(usize, usize)> = None;
            for e in &out {
                prop_assert!(e.sentence < doc.len());
                prop_assert!(e.start < e.end && e.end <= doc[e.sentence].len());
                prop_assert!((0.0..=1.0).contains(&e.confidence));
                if let Some((s, end)) = last {
                    prop_assert!(e.sentence > s || e.start >= end, "overlap or disorder");
                }
                last = Some((e.sentence, e.end));
            }
            Ok(())
        })?;
    }

    #[test]
    fn bilou_round_trips_any_spans(cuts in proptest::collection::vec((1usize..4, 0usize..5), 0..10)) {
        let mut spans = Vec::new();
        let mut at = 0;
        for (len, kind) in cuts {
            if kind < 4 {
                spans.push((at, at + len, TYPES[kind]));
            }
            at += len;
        }
        let labels = encode_bilou(at, &spans);
        prop_assert_eq!(decode_bilou(&labels), spans);
    }
}
