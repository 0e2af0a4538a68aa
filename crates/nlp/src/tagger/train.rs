//! Training the tagger and lemmatizer from tagged sentences (and unlabelled text), and
//! scoring them.
//!
//! 1. Tag set: every (UPOS, XPOS) pair of the training data is a class.
//! 2. Lexicon: word clusters (`clusters`) and case profiles from the unlabelled
//!    text plus the training text.
//! 3. A first tagger is trained with that lexicon and tags the unlabelled text; the classes
//!    it gives each word become the word's tag profile in the lexicon.
//! 4. The final tagger is trained with the full lexicon; after each iteration its averaged
//!    weights are scored on the dev data.
//!
//! Every step is deterministic: sentence order is shuffled with a seeded generator, and all
//! tables are built in sorted order.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Instant;

use newsgraph_ml::rng::SplitMix64;
use newsgraph_ml::{ModelHeader, Trainer};

use super::clusters::{self, ClusterOptions};
use super::features::{
    class_context_features, sentence_case_of, static_context_features, token_keys, word_features,
    Context, TokenKeys, OFFSETS, PAD_LEFT, PAD_RIGHT,
};
use super::lexicon::{self, Lexicon, LexiconData};
use super::sparse::SparseData;
use super::{PosTag, Scratch, Tagger, TaggerData, NO_CLASS};
use crate::lemmatizer::{LemmaExample, Lemmatizer};
use crate::shape::{lowercase_into, normalize_into};
use crate::NlpError;

/// One gold word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainWord {
    pub form: String,
    pub upos: String,
    pub xpos: String,
    pub lemma: String,
}

/// Hyper-parameters.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Seed of the shuffles.
    pub seed: u64,
    /// Passes over the training data.
    pub iterations: usize,
    /// Features whose averaged weights all stay below this are dropped.
    pub prune: f32,
    /// Training words seen at least this often get precomputed scores …
    pub vocab_min_count: usize,
    /// … and so do this many of the most frequent words of the unlabelled text.
    pub unlabeled_vocab: usize,
    /// Training words seen at least this often …
    pub dict_min_count: usize,
    /// … with one class at least this share of the time are tagged from the dictionary.
    pub dict_min_share: f64,
    /// Word clusters at each level, coarse to fine (each a multiple of the one before).
    pub cluster_levels: Vec<usize>,
    /// Words seen fewer times in the text are not clustered.
    pub cluster_min_count: usize,
    /// Exchange passes per cluster level.
    pub cluster_iterations: usize,
    /// Train a first tagger to give the words of the unlabelled text tag profiles.
    pub tag_profiles: bool,
    /// (UPOS, XPOS) pairs seen fewer times are merged into a frequent class with the same
    /// XPOS (or UPOS).
    pub min_class_count: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            seed: 1,
            iterations: 10,
            prune: 1.0,
            vocab_min_count: 2,
            unlabeled_vocab: 10_000,
            dict_min_count: 20,
            dict_min_share: 0.995,
            cluster_levels: vec![64, 256, 1024, 4096],
            cluster_min_count: 3,
            cluster_iterations: 25,
            tag_profiles: true,
            min_class_count: 1,
        }
    }
}

/// Accuracy counts over gold words.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PosScores {
    pub words: usize,
    pub upos_correct: usize,
    pub xpos_correct: usize,
    pub lemma_correct: usize,
    /// Seconds spent tagging and lemmatizing.
    pub seconds: f64,
}

impl PosScores {
    fn percent(correct: usize, total: usize) -> f64 {
        if total == 0 {
            0.0
        } else {
            100.0 * correct as f64 / total as f64
        }
    }

    pub fn upos(&self) -> f64 {
        Self::percent(self.upos_correct, self.words)
    }

    pub fn xpos(&self) -> f64 {
        Self::percent(self.xpos_correct, self.words)
    }

    pub fn lemma(&self) -> f64 {
        Self::percent(self.lemma_correct, self.words)
    }
}

/// Reported after each training iteration.
#[derive(Debug, Clone)]
pub struct TrainProgress {
    /// `"first"` (the tagger that makes tag profiles) or `"final"`.
    pub stage: &'static str,
    pub iteration: usize,
    /// Accuracy of the greedy predictions made while training (scored words only).
    pub train_accuracy: f64,
    /// The averaged model on the dev data (final stage only).
    pub dev: Option<PosScores>,
    /// Features kept after pruning.
    pub features: usize,
    pub seconds: f64,
}

/// What training reports as it goes.
#[derive(Debug)]
pub enum TrainEvent<'a> {
    Message(&'a str),
    Iteration(&'a TrainProgress),
}

impl Tagger {
    /// Score the tagger (tags, and lemmas from the predicted tags) on gold sentences.
    pub fn score(&self, sentences: &[Vec<TrainWord>]) -> PosScores {
        let mut scores = PosScores::default();
        let mut words: Vec<&str> = Vec::new();
        let mut tags: Vec<PosTag> = Vec::new();
        let mut lemmas: Vec<std::borrow::Cow<str>> = Vec::new();
        let mut seconds = 0.0;
        for sentence in sentences {
            words.clear();
            words.extend(sentence.iter().map(|w| w.form.as_str()));
            let started = Instant::now();
            self.tag(&words, &mut tags);
            lemmas.clear();
            lemmas.extend(words.iter().zip(&tags).map(|(w, &t)| self.lemma(w, t)));
            seconds += started.elapsed().as_secs_f64();
            for ((gold, &tag), lemma) in sentence.iter().zip(&tags).zip(&lemmas) {
                scores.words += 1;
                scores.upos_correct += usize::from(self.upos_name(tag) == gold.upos);
                scores.xpos_correct += usize::from(self.xpos_name(tag) == gold.xpos);
                scores.lemma_correct += usize::from(*lemma == gold.lemma);
            }
        }
        scores.seconds = seconds;
        scores
    }

    /// The class ids of a sentence.
    fn classes_of(&self, words: &[&str], scratch: &mut Scratch) {
        if words.is_empty() {
            scratch.classes.clear();
        } else {
            self.classify(words, scratch);
        }
    }
}

fn normalized(form: &str) -> String {
    let mut norm = String::with_capacity(form.len());
    normalize_into(form, &mut norm);
    norm
}

fn lowercased(form: &str) -> String {
    let mut lower = String::with_capacity(form.len());
    lowercase_into(form, &mut lower);
    lower
}

/// A training sentence ready for the perceptron.
struct Prepared {
    /// Gold class (`NO_CLASS` when the gold pair is not a class).
    gold: Vec<u16>,
    dict: Vec<u16>,
    keys: Vec<TokenKeys>,
    sentence: u64,
    /// Word features of position `i`: `features[starts[i]..starts[i + 1]]`.
    starts: Vec<usize>,
    features: Vec<u64>,
}

/// The context of position `i` of a sentence decoded in the given direction, exactly as the
/// tagger builds it at run time.
#[allow(clippy::too_many_arguments)]
fn context<'k>(
    keys: &'k [TokenKeys],
    pads: (&'k TokenKeys, &'k TokenKeys),
    i: usize,
    t1: u64,
    t2: u64,
    sentence: u64,
    reverse: bool,
) -> Context<'k> {
    let before = if i > 0 { &keys[i - 1] } else { pads.0 };
    let after = keys.get(i + 1).unwrap_or(pads.1);
    let (prev, next) = if reverse {
        (after, before)
    } else {
        (before, after)
    };
    Context {
        t1,
        t2,
        prev,
        this: &keys[i],
        next,
        sentence,
        first: i == 0,
    }
}

/// The tag set, vocabulary and lemmatizer: everything but the weights and the lexicon.
struct Setup {
    upos: Vec<String>,
    xpos: Vec<String>,
    classes: Vec<(u16, u16)>,
    class_of: BTreeMap<(u16, u16), u16>,
    vocab: Vec<(String, u16)>,
    dict: HashMap<String, u16>,
    lemmatizer: Lemmatizer,
}

impl Setup {
    fn tag_ids(&self, word: &TrainWord) -> (u16, u16) {
        let find = |names: &[String], name: &str| {
            names
                .binary_search_by(|n| n.as_str().cmp(name))
                .map_or(NO_CLASS, |i| i as u16)
        };
        (find(&self.upos, &word.upos), find(&self.xpos, &word.xpos))
    }

    fn gold_class(&self, word: &TrainWord) -> u16 {
        self.class_of
            .get(&self.tag_ids(word))
            .copied()
            .unwrap_or(NO_CLASS)
    }

    fn prepare(&self, sentence: &[TrainWord], lexicon: &Lexicon) -> Prepared {
        let norms: Vec<String> = sentence.iter().map(|w| normalized(&w.form)).collect();
        let lowers: Vec<String> = norms.iter().map(|n| lowercased(n)).collect();
        let lex: Vec<_> = norms
            .iter()
            .zip(&lowers)
            .map(|(n, l)| lexicon.lookup(n, l))
            .collect();
        let keys: Vec<TokenKeys> = norms
            .iter()
            .zip(&lowers)
            .zip(&lex)
            .map(|((n, l), x)| token_keys(n, l, x))
            .collect();
        let pad_left = lexicon.lookup(PAD_LEFT, PAD_LEFT);
        let pad_right = lexicon.lookup(PAD_RIGHT, PAD_RIGHT);
        let n = sentence.len();
        let mut p = Prepared {
            gold: sentence.iter().map(|w| self.gold_class(w)).collect(),
            dict: norms
                .iter()
                .map(|n| self.dict.get(n).copied().unwrap_or(NO_CLASS))
                .collect(),
            sentence: sentence_case_of(keys.iter()),
            keys,
            starts: vec![0],
            features: Vec::new(),
        };
        for i in 0..n {
            for (offset_index, offset) in OFFSETS.iter().enumerate() {
                let j = i as isize + offset;
                if j < 0 {
                    word_features(PAD_LEFT, PAD_LEFT, &pad_left, offset_index, &mut p.features);
                } else if j as usize >= n {
                    word_features(
                        PAD_RIGHT,
                        PAD_RIGHT,
                        &pad_right,
                        offset_index,
                        &mut p.features,
                    );
                } else {
                    let j = j as usize;
                    word_features(
                        &norms[j],
                        &lowers[j],
                        &lex[j],
                        offset_index,
                        &mut p.features,
                    );
                }
            }
            p.starts.push(p.features.len());
        }
        p
    }

    /// A tagger from trained weights and a lexicon.
    fn tagger(&self, weights: SparseData, lexicon: LexiconData) -> Result<Tagger, NlpError> {
        let data = TaggerData {
            upos: self.upos.clone(),
            xpos: self.xpos.clone(),
            classes: self.classes.clone(),
            reverse: true,
            weights,
            vocab: self.vocab.clone(),
            lexicon,
            lemmatizer: self.lemmatizer.data().clone(),
        };
        Tagger::from_data(ModelHeader::new(super::KIND), data).map_err(NlpError::Training)
    }
}

/// Train a tagger and lemmatizer on `train`, with word knowledge from `unlabeled` (tokenized
/// sentences of raw text; may be empty), scoring each iteration on `dev`.
pub fn train(
    train: &[Vec<TrainWord>],
    dev: &[Vec<TrainWord>],
    unlabeled: &[Vec<String>],
    options: &TrainOptions,
    progress: &mut dyn FnMut(TrainEvent),
) -> Result<Tagger, NlpError> {
    let total_words: usize = train.iter().map(Vec::len).sum();
    if total_words == 0 {
        return Err(NlpError::Training("no training words".into()));
    }
    let setup = setup(train, unlabeled, options)?;
    say(
        progress,
        format!(
            "{} classes, {} words with precomputed scores ({} from the dictionary), {} lemma \
         exceptions",
            setup.classes.len(),
            setup.vocab.len(),
            setup.dict.len(),
            setup.lemmatizer.n_exceptions()
        ),
    );

    // The lexicon from text: clusters and case profiles.
    let mut text: Vec<Vec<String>> = unlabeled
        .iter()
        .map(|s| s.iter().map(|w| normalized(w)).collect())
        .collect();
    let unlabeled_sentences = text.len();
    text.extend(
        train
            .iter()
            .map(|s| s.iter().map(|w| normalized(&w.form)).collect()),
    );
    let started = Instant::now();
    let cluster_options = ClusterOptions {
        levels: options.cluster_levels.clone(),
        min_count: options.cluster_min_count,
        iterations: options.cluster_iterations,
    };
    let clusters = clusters::induce(text.iter().map(Vec::as_slice), &cluster_options, &mut |m| {
        say(progress, format!("clusters: {m}"))
    });
    let case = lexicon::case_profiles(&text);
    say(
        progress,
        format!(
            "lexicon: {} clustered words, {} case profiles ({:.0}s)",
            clusters.words.len(),
            case.0.len(),
            started.elapsed().as_secs_f64()
        ),
    );
    let mut lexicon_data = lexicon::build(&clusters, case.clone(), &BTreeMap::new());

    // A first tagger gives the unlabelled words tag profiles.
    if options.tag_profiles && unlabeled_sentences > 0 {
        let first = fit(
            &setup,
            train,
            dev,
            lexicon_data.clone(),
            options,
            "first",
            progress,
        )?;
        let started = Instant::now();
        let mut counts: BTreeMap<String, BTreeMap<u16, u32>> = BTreeMap::new();
        let mut scratch = Scratch::default();
        let mut words: Vec<&str> = Vec::new();
        for sentence in &text[..unlabeled_sentences] {
            words.clear();
            words.extend(sentence.iter().map(String::as_str));
            first.classes_of(&words, &mut scratch);
            for (word, &class) in sentence.iter().zip(&scratch.classes) {
                *counts
                    .entry(word.clone())
                    .or_default()
                    .entry(class)
                    .or_default() += 1;
            }
        }
        let profiles = lexicon::tag_profiles(&counts);
        say(
            progress,
            format!(
                "tag profiles for {} words ({:.0}s)",
                profiles.len(),
                started.elapsed().as_secs_f64()
            ),
        );
        lexicon_data = lexicon::build(&clusters, case, &profiles);
    }
    fit(&setup, train, dev, lexicon_data, options, "final", progress)
}

fn say(progress: &mut dyn FnMut(TrainEvent), text: String) {
    progress(TrainEvent::Message(&text));
}

/// Tag set, vocabulary, dictionary and lemmatizer.
fn setup(
    train: &[Vec<TrainWord>],
    unlabeled: &[Vec<String>],
    options: &TrainOptions,
) -> Result<Setup, NlpError> {
    let names = |f: fn(&TrainWord) -> &String| -> Vec<String> {
        train
            .iter()
            .flatten()
            .map(|w| f(w).clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    let mut setup = Setup {
        upos: names(|w| &w.upos),
        xpos: names(|w| &w.xpos),
        classes: Vec::new(),
        class_of: BTreeMap::new(),
        vocab: Vec::new(),
        dict: HashMap::new(),
        lemmatizer: Lemmatizer::rules_only(&[]),
    };
    if setup.upos.len() >= NO_CLASS as usize || setup.xpos.len() >= NO_CLASS as usize {
        return Err(NlpError::Training("too many tags".into()));
    }
    let mut joint: BTreeMap<(u16, u16), usize> = BTreeMap::new();
    for word in train.iter().flatten() {
        *joint.entry(setup.tag_ids(word)).or_default() += 1;
    }
    let mut ranked: Vec<((u16, u16), usize)> = joint.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    // Rare pairs become the most frequent kept class with the same XPOS (or else UPOS).
    let kept: Vec<(u16, u16)> = ranked
        .iter()
        .filter(|(_, n)| *n >= options.min_class_count)
        .map(|(c, _)| *c)
        .collect();
    let mut classes: Vec<(u16, u16)> = kept.clone();
    let mut class_of: BTreeMap<(u16, u16), u16> = BTreeMap::new();
    for &(pair, _) in &ranked {
        let id = match classes.iter().position(|&c| c == pair) {
            Some(id) => id,
            None => match kept
                .iter()
                .position(|c| c.1 == pair.1)
                .or_else(|| kept.iter().position(|c| c.0 == pair.0))
            {
                Some(id) => id,
                None => {
                    classes.push(pair);
                    classes.len() - 1
                }
            },
        };
        class_of.insert(pair, id as u16);
    }
    setup.classes = classes;
    if setup.classes.len() > 256 {
        return Err(NlpError::Training(format!(
            "{} (UPOS, XPOS) classes: at most 256 supported",
            setup.classes.len()
        )));
    }
    setup.class_of = class_of;

    // Vocabulary and dictionary.
    let mut counts: BTreeMap<String, BTreeMap<u16, usize>> = BTreeMap::new();
    for word in train.iter().flatten() {
        *counts
            .entry(normalized(&word.form))
            .or_default()
            .entry(setup.gold_class(word))
            .or_default() += 1;
    }
    let mut vocab: Vec<(String, usize, u16)> = Vec::new();
    for (form, by_class) in counts {
        let total: usize = by_class.values().sum();
        if total < options.vocab_min_count {
            continue;
        }
        let Some((&best, &best_count)) = by_class
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        else {
            continue;
        };
        let dict = best != NO_CLASS
            && total >= options.dict_min_count
            && best_count as f64 >= options.dict_min_share * total as f64;
        vocab.push((form, total, if dict { best } else { NO_CLASS }));
    }
    let mut known: BTreeSet<String> = vocab.iter().map(|v| v.0.clone()).collect();
    let mut frequent: HashMap<String, usize> = HashMap::new();
    for word in unlabeled.iter().flatten() {
        *frequent.entry(normalized(word)).or_default() += 1;
    }
    let mut frequent: Vec<(String, usize)> = frequent.into_iter().collect();
    frequent.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (word, count) in frequent.into_iter().take(options.unlabeled_vocab) {
        if known.insert(word.clone()) {
            vocab.push((word, count, NO_CLASS));
        }
    }
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    setup.dict = vocab
        .iter()
        .filter(|v| v.2 != NO_CLASS)
        .map(|v| (v.0.clone(), v.2))
        .collect();
    setup.vocab = vocab.into_iter().map(|(w, _, c)| (w, c)).collect();

    let xpos_of: HashMap<&str, u16> = setup
        .xpos
        .iter()
        .enumerate()
        .map(|(i, x)| (x.as_str(), i as u16))
        .collect();
    setup.lemmatizer = Lemmatizer::learn(
        &setup.xpos,
        train.iter().flatten().filter_map(|w| {
            xpos_of.get(w.xpos.as_str()).map(|&x| LemmaExample {
                form: &w.form,
                xpos: x,
                lemma: &w.lemma,
            })
        }),
    );
    Ok(setup)
}

/// Train the perceptron with a given lexicon.
fn fit(
    setup: &Setup,
    train: &[Vec<TrainWord>],
    dev: &[Vec<TrainWord>],
    lexicon_data: LexiconData,
    options: &TrainOptions,
    stage: &'static str,
    progress: &mut dyn FnMut(TrainEvent),
) -> Result<Tagger, NlpError> {
    let lexicon = Lexicon::new(lexicon_data.clone()).map_err(NlpError::Training)?;
    let prepared: Vec<Prepared> = train.iter().map(|s| setup.prepare(s, &lexicon)).collect();
    let pad_left = token_keys(PAD_LEFT, PAD_LEFT, &lexicon.lookup(PAD_LEFT, PAD_LEFT));
    let pad_right = token_keys(PAD_RIGHT, PAD_RIGHT, &lexicon.lookup(PAD_RIGHT, PAD_RIGHT));
    let pads = (&pad_left, &pad_right);
    let n_classes = setup.classes.len();
    let start = n_classes as u64;
    let reverse = true;
    let mut trainer = Trainer::new(n_classes);
    let mut rng = SplitMix64::new(options.seed);
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut scores = Vec::with_capacity(n_classes);
    let mut features: Vec<u64> = Vec::new();
    let mut tagger = None;
    for iteration in 1..=options.iterations.max(1) {
        let started = Instant::now();
        rng.shuffle(&mut order);
        let (mut seen, mut right) = (0usize, 0usize);
        for &s in &order {
            let p = &prepared[s];
            let n = p.gold.len();
            let (mut t1, mut t2) = (start, start);
            for step in 0..n {
                let i = if reverse { n - 1 - step } else { step };
                let class = if p.dict[i] != NO_CLASS {
                    p.dict[i]
                } else {
                    features.clear();
                    features.extend_from_slice(&p.features[p.starts[i]..p.starts[i + 1]]);
                    let c = context(&p.keys, pads, i, t1, t2, p.sentence, reverse);
                    static_context_features(&c, &mut features);
                    class_context_features(&c, &mut features);
                    let guess = trainer.predict(&features, &mut scores);
                    let truth = p.gold[i] as usize;
                    if truth < n_classes {
                        trainer.update(&features, truth, guess);
                    }
                    trainer.tick();
                    seen += 1;
                    right += usize::from(guess == truth);
                    guess as u16
                };
                t2 = t1;
                t1 = u64::from(class);
            }
        }
        let last = iteration == options.iterations.max(1);
        let dev_scores = if stage == "final" || last {
            let model = trainer.averaged(options.prune);
            let weights = SparseData::from_model(&model).map_err(NlpError::Training)?;
            let snapshot = setup.tagger(weights, lexicon_data.clone())?;
            let scores = (stage == "final").then(|| snapshot.score(dev));
            tagger = Some(snapshot);
            scores
        } else {
            None
        };
        progress(TrainEvent::Iteration(&TrainProgress {
            stage,
            iteration,
            train_accuracy: 100.0 * right as f64 / seen.max(1) as f64,
            dev: dev_scores,
            features: trainer.n_features(),
            seconds: started.elapsed().as_secs_f64(),
        }));
    }
    tagger.ok_or_else(|| NlpError::Training("no iterations".into()))
}
