//! The per-article analysis: `Pipeline::analyze(Article) -> Document`.
//!
//! `analyze` is pure and deterministic: no I/O, no global mutable state; whatever it needs
//! (models, gazetteers) is loaded once into the [`Pipeline`] and shared read-only, so callers
//! run it in parallel over articles (rayon) or in stateless workers.

use std::borrow::Cow;
use std::ops::AddAssign;
use std::path::Path;
use std::time::{Duration, Instant};

use newsgraph_core::{Article, Document, Mention, Sentence, Span, Token, TokenView};
use newsgraph_extract::quotes::CueModel;
use newsgraph_extract::ExtractError;
use newsgraph_nlp::ner::{EntitySpan, Recognizer};
use newsgraph_nlp::parser::{Arc, Parser};
use newsgraph_nlp::tagger::{PosTag, Tagger};
use newsgraph_nlp::NlpError;
use newsgraph_temporal::{self as temporal, TokenInfo};
use newsgraph_text::{Segmentation, TextToken};

/// Layer names recorded in `Document::layers`.
pub mod layer {
    /// Tokens and sentences.
    pub const TEXT: &str = "text";
    /// Part-of-speech tags and lemmas.
    pub const POS: &str = "pos";
    /// Dependency parse.
    pub const PARSE: &str = "parse";
    /// Named-entity mentions.
    pub const NER: &str = "ner";
    /// Quotes, attribution and speakers (with person and organisation entities).
    pub const QUOTES: &str = "quotes";
    /// Time expressions (TIMEX3-style, normalised against the publication date).
    pub const TIME: &str = "time";
    /// Amounts and counts.
    pub const AMOUNTS: &str = "amounts";
    /// Places: toponyms, demonyms and the dateline, geocoded against the gazetteer.
    pub const PLACES: &str = "places";
    /// Coded political events (PLOVER types, CAMEO codes, actors, modes); runs after quotes
    /// and places when the parse ran.
    pub const EVENTS: &str = "events";
}

/// The trained models the pipeline runs, each optional: a layer whose model is absent is not
/// run (and not listed in `Document::layers`).
#[derive(Default)]
pub struct Models {
    pub tagger: Option<Tagger>,
    pub parser: Option<Parser>,
    pub recognizer: Option<Recognizer>,
    /// The attribution cue classifier (the quote layer runs on the tagger's and parser's
    /// output).
    pub quotes: Option<CueModel>,
}

impl Models {
    pub const TAGGER_FILE: &'static str = "tagger.ngm";
    pub const PARSER_FILE: &'static str = "parser.ngm";
    pub const NER_FILE: &'static str = "ner.ngm";
    pub const QUOTES_FILE: &'static str = "quotes.ngm";

    /// Load the models found in `dir`. Returns the models and the files that were missing;
    /// a file that exists but does not load is an error.
    pub fn load_dir(dir: &Path) -> Result<(Models, Vec<String>), LoadError> {
        let mut missing = Vec::new();
        let mut present = |name: &str| {
            let path = dir.join(name);
            if path.is_file() {
                Some(path)
            } else {
                missing.push(path.display().to_string());
                None
            }
        };
        let tagger = present(Self::TAGGER_FILE);
        let parser = present(Self::PARSER_FILE);
        let recognizer = present(Self::NER_FILE);
        let quotes = present(Self::QUOTES_FILE);
        // Each file is decompressed and decoded on its own thread, and the gazetteer parsed
        // beside them: start-up takes as long as the largest of them, not their sum.
        let (tagger, parser, recognizer, quotes) = std::thread::scope(|scope| {
            scope.spawn(newsgraph_geo::gazetteer);
            let parser = scope.spawn(|| parser.as_deref().map(Parser::load).transpose());
            let recognizer =
                scope.spawn(|| recognizer.as_deref().map(Recognizer::load).transpose());
            let quotes = scope.spawn(|| quotes.as_deref().map(CueModel::load).transpose());
            let tagger = tagger.as_deref().map(Tagger::load).transpose();
            (tagger, joined(parser), joined(recognizer), joined(quotes))
        });
        let models = Models {
            tagger: tagger?,
            parser: parser?,
            recognizer: recognizer?,
            quotes: quotes?,
        };
        Ok((models, missing))
    }
}

/// The result of a loading thread; a thread that panicked (which loading never should) is
/// re-raised on the caller's thread.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// A model file that exists but does not load.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Nlp(#[from] NlpError),
    #[error(transparent)]
    Extract(#[from] ExtractError),
}

/// What the pipeline puts into each document.
#[derive(Debug, Clone, Default)]
pub struct AnalyzeOptions {
    /// Output the token list (`Document::tokens`) with each token's text and tags. Off by
    /// default: it is the bulk of the output and most users want the facts.
    pub tokens: bool,
}

/// Which layers after the text layer run; each model layer also needs its model. The default
/// runs them all. A layer is never run without the layers it reads: [`Layers::closed`] adds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layers {
    pub pos: bool,
    pub parse: bool,
    pub ner: bool,
    pub quotes: bool,
    /// Time expressions and amounts (one finder feeds the other).
    pub time: bool,
    pub places: bool,
    pub events: bool,
}

impl Default for Layers {
    fn default() -> Self {
        Layers::ALL
    }
}

impl Layers {
    /// Every layer.
    pub const ALL: Layers = Layers {
        pos: true,
        parse: true,
        ner: true,
        quotes: true,
        time: true,
        places: true,
        events: true,
    };
    /// The text layer only.
    pub const NONE: Layers = Layers {
        pos: false,
        parse: false,
        ner: false,
        quotes: false,
        time: false,
        places: false,
        events: false,
    };
    /// The names [`Layers::parse_list`] accepts, in pipeline order.
    pub const NAMES: [&'static str; 8] = [
        layer::POS,
        layer::PARSE,
        layer::NER,
        layer::QUOTES,
        layer::TIME,
        layer::AMOUNTS,
        layer::PLACES,
        layer::EVENTS,
    ];

    /// Layers from a comma-separated list of names (`pos,parse,ner`; `amounts` and `time` name
    /// the same layer pair), closed over what they read. An unknown name is an error naming it.
    pub fn parse_list(list: &str) -> Result<Layers, String> {
        let mut layers = Layers::NONE;
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name {
                layer::POS => layers.pos = true,
                layer::PARSE => layers.parse = true,
                layer::NER => layers.ner = true,
                layer::QUOTES => layers.quotes = true,
                layer::TIME | layer::AMOUNTS => layers.time = true,
                layer::PLACES => layers.places = true,
                layer::EVENTS => layers.events = true,
                layer::TEXT => {}
                other => {
                    return Err(format!(
                        "unknown layer {other:?} (layers: {})",
                        Layers::NAMES.join(", ")
                    ))
                }
            }
        }
        Ok(layers.closed())
    }

    /// These layers plus the ones they read: the parse reads the tags; quotes and events read
    /// the tags, the parse and the entity mentions; places read the mentions.
    pub fn closed(mut self) -> Layers {
        if self.quotes || self.events {
            self.parse = true;
            self.ner = true;
        }
        if self.places {
            self.ner = true;
        }
        if self.parse {
            self.pos = true;
        }
        self
    }
}

/// The analysis pipeline. Share it across threads by reference (`&Pipeline` is `Sync`).
#[derive(Default)]
pub struct Pipeline {
    options: AnalyzeOptions,
    models: Models,
    layers: Layers,
}

impl Pipeline {
    /// A pipeline with the text layer only.
    pub fn new(options: AnalyzeOptions) -> Self {
        Pipeline {
            options,
            models: Models::default(),
            layers: Layers::ALL,
        }
    }

    /// A pipeline running the given models after the text layer.
    pub fn with_models(options: AnalyzeOptions, models: Models) -> Self {
        // Parse the gazetteer now rather than in the first analysis.
        newsgraph_geo::gazetteer();
        Pipeline {
            options,
            models,
            layers: Layers::ALL,
        }
    }

    /// This pipeline running only `layers` (closed over what they read).
    pub fn with_layers(mut self, layers: Layers) -> Self {
        self.layers = layers.closed();
        self
    }

    pub fn layers(&self) -> Layers {
        self.layers
    }

    pub fn models(&self) -> &Models {
        &self.models
    }

    pub fn options(&self) -> &AnalyzeOptions {
        &self.options
    }

    /// Analyse one article.
    pub fn analyze(&self, article: Article) -> Document {
        self.analyze_timed(article).0
    }

    /// Analyse one article, and say how long each stage took (the document is the same as
    /// [`Pipeline::analyze`]'s; the clock is read seven times).
    pub fn analyze_timed(&self, article: Article) -> (Document, StageTimes) {
        let mut times = StageTimes::default();
        let mut clock = Instant::now();
        let segmentation = newsgraph_text::segment(&article.text);
        let mut document = Document::new(article);
        fill_text_layer(&mut document, &segmentation, self.options.tokens);
        let language = non_english(&document.article);
        if let Some(language) = language {
            // The models and the rule layers are English-only: keep the text layer, say what
            // was skipped.
            self.skip_layers(&mut document, &language);
            times.models = lap(&mut clock);
            return (document, times);
        }
        let text = document.article.text.clone();
        let words: Vec<&str> = segmentation
            .tokens
            .iter()
            .map(|t| slice(&text, t.span))
            .collect();
        // What the models and the rule layers read: the words, with headline casing undone
        // and the ASCII double marks of some archives (`''`, ``` `` ```) written as the
        // straight mark the training data uses.
        let recased = self.headline_recasing(&document, &words);
        let mut model_words = words.clone();
        for (i, word) in &recased {
            model_words[*i] = word;
        }
        for word in &mut model_words {
            if matches!(*word, "''" | "``") {
                *word = "\"";
            }
        }
        let (tags, arcs) = self.run_models(&mut document, &segmentation, &model_words);
        times.models = lap(&mut clock);
        // The lemmas the quote and event layers both read, found once.
        let quotes = self.quotes_run();
        let lemmas: Vec<Cow<'_, str>> = match &self.models.tagger {
            Some(tagger) if (quotes || self.layers.events) && !tags.is_empty() => {
                (0..segmentation.tokens.len())
                    .map(|i| {
                        let word = model_words.get(i).copied().unwrap_or("");
                        let tag = tags.get(i).copied().unwrap_or_default();
                        tagger.lemma(word, tag)
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        times.lemmas = lap(&mut clock);
        let info = TagInfo {
            words: &model_words,
            tags: &tags,
            arcs: &arcs,
            lemmas: &lemmas,
            models: &self.models,
        };
        if quotes {
            self.fill_quotes_layer(&mut document, &segmentation, &info);
        }
        times.quotes = lap(&mut clock);
        if self.layers.time {
            fill_time_layers(&mut document, &segmentation, &info);
        }
        times.time_and_amounts = lap(&mut clock);
        if self.layers.places {
            fill_places_layer(&mut document, &segmentation, &info);
        }
        times.places = lap(&mut clock);
        if self.layers.events {
            fill_events_layer(&mut document, &segmentation, &info);
        }
        times.events = lap(&mut clock);
        (document, times)
    }

    /// One warning for each English-only layer that would have run.
    fn skip_layers(&self, document: &mut Document, language: &str) {
        let models = &self.models;
        let on = self.layers;
        let tagged = on.pos && models.tagger.is_some();
        let parsed = tagged && on.parse && models.parser.is_some();
        let layers = [
            (layer::POS, tagged),
            (layer::PARSE, parsed),
            (layer::NER, on.ner && models.recognizer.is_some()),
            (
                layer::QUOTES,
                parsed && on.quotes && models.quotes.is_some(),
            ),
            (layer::TIME, on.time),
            (layer::AMOUNTS, on.time),
            (layer::PLACES, on.places),
            (layer::EVENTS, parsed && on.events),
        ];
        for (name, would_run) in layers {
            if would_run {
                document.warnings.push(newsgraph_core::Warning {
                    layer: name.to_string(),
                    message: format!(
                        "skipped: article language is {language}, this layer is English-only"
                    ),
                    span: None,
                });
            }
        }
    }

    /// The words to lowercase, by document token index, in sentences written in headline
    /// casing (see [`Tagger::headline_recasing`]: the tagger's lexicon knows which words
    /// running text capitalises); none without a tagger.
    fn headline_recasing(&self, document: &Document, words: &[&str]) -> Vec<(usize, String)> {
        let Some(tagger) = self.models.tagger.as_ref() else {
            return Vec::new();
        };
        let mut recased = Vec::new();
        for sentence in &document.sentences {
            let range = sentence.tokens.start..sentence.tokens.end.min(words.len());
            let Some(sentence_words) = words.get(range.clone()) else {
                continue;
            };
            recased.extend(
                tagger
                    .headline_recasing(sentence_words)
                    .into_iter()
                    .map(|(i, word)| (range.start + i, word)),
            );
        }
        recased
    }

    /// Tags, parse and mentions. `words` are the tokens' texts as the models read
    /// them: with headline casing undone.
    fn run_models(
        &self,
        document: &mut Document,
        segmentation: &Segmentation,
        words: &[&str],
    ) -> (Vec<PosTag>, Vec<Arc>) {
        let models = &self.models;
        let on = self.layers;
        let tagger = models.tagger.as_ref().filter(|_| on.pos);
        let parser = models
            .parser
            .as_ref()
            .filter(|_| on.parse && tagger.is_some());
        let recognizer = models.recognizer.as_ref().filter(|_| on.ner);
        if tagger.is_none() && parser.is_none() && recognizer.is_none() {
            return (Vec::new(), Vec::new());
        }
        let sentence_words = |s: &Sentence| &words[s.tokens.start..s.tokens.end.min(words.len())];

        // Tags for every token, sentence by sentence.
        let mut tags: Vec<PosTag> = Vec::new();
        if let Some(tagger) = tagger {
            tags.reserve(words.len());
            let mut sentence_tags = Vec::new();
            for sentence in &document.sentences {
                tagger.tag(sentence_words(sentence), &mut sentence_tags);
                tags.extend_from_slice(&sentence_tags);
            }
            tags.resize(words.len(), PosTag::default());
            document.layers.push(layer::POS.to_string());
        }

        // Heads (document token indices) and labels.
        let mut arcs: Vec<Arc> = Vec::new();
        if let (Some(tagger), Some(parser)) = (tagger, parser) {
            let upos: Vec<&str> = tags.iter().map(|&t| tagger.upos_name(t)).collect();
            let xpos: Vec<&str> = tags.iter().map(|&t| tagger.xpos_name(t)).collect();
            arcs.reserve(words.len());
            let mut sentence_arcs = Vec::new();
            for sentence in &document.sentences {
                let range = sentence.tokens.start..sentence.tokens.end.min(words.len());
                parser.parse(
                    &words[range.clone()],
                    &upos[range.clone()],
                    &xpos[range.clone()],
                    &mut sentence_arcs,
                );
                arcs.extend(sentence_arcs.iter().map(|arc| Arc {
                    head: arc.head.map(|h| h + range.start as u32),
                    label: arc.label,
                }));
            }
            arcs.resize(words.len(), Arc::default());
            document.layers.push(layer::PARSE.to_string());
        }

        if self.options.tokens {
            for (i, token) in document.tokens.iter_mut().enumerate() {
                if let (Some(tagger), Some(&tag)) = (tagger, tags.get(i)) {
                    token.upos = Some(tagger.upos_name(tag).to_string());
                    token.xpos = Some(tagger.xpos_name(tag).to_string());
                    let word = words.get(i).copied().unwrap_or(token.text.as_str());
                    token.lemma = Some(tagger.lemma(word, tag).into_owned());
                }
                if let (Some(parser), Some(arc)) = (parser, arcs.get(i)) {
                    token.head = arc.head.map(|h| h as usize);
                    token.deprel = Some(parser.label_name(arc.label).to_string());
                }
            }
        }

        if let Some(recognizer) = recognizer {
            let sentences: Vec<Vec<&str>> = document
                .sentences
                .iter()
                .map(|s| sentence_words(s).to_vec())
                .collect();
            let mut spans: Vec<EntitySpan> = Vec::new();
            recognizer.recognize(&sentences, &mut spans);
            document.mentions = spans
                .iter()
                .filter_map(|entity| mention(document, segmentation, entity))
                .collect();
            document.layers.push(layer::NER.to_string());
        }

        (tags, arcs)
    }

    /// Whether the quote layer runs: it reads the tokens with their tags and parse.
    fn quotes_run(&self) -> bool {
        let (models, on) = (&self.models, self.layers);
        on.quotes
            && on.pos
            && on.parse
            && models.quotes.is_some()
            && models.tagger.is_some()
            && models.parser.is_some()
    }

    /// Quotes, attribution and speakers over the tags, `lemmas` (one per token) and parse.
    fn fill_quotes_layer(
        &self,
        document: &mut Document,
        segmentation: &Segmentation,
        info: &TagInfo<'_>,
    ) {
        let models = &self.models;
        let (Some(model), Some(tagger), Some(parser)) =
            (&models.quotes, &models.tagger, &models.parser)
        else {
            return;
        };
        let found = {
            let read: &Document = document;
            let tokens = token_views(segmentation, info, tagger, parser);
            newsgraph_extract::quotes::extract_with_tokens(read, tokens, model)
        };
        found.apply(document);
        document.layers.push(layer::QUOTES.to_string());
    }
}

/// The tagger's and parser's output, as the time and amount finders read it.
struct TagInfo<'a> {
    words: &'a [&'a str],
    tags: &'a [PosTag],
    arcs: &'a [Arc],
    /// The lemma of each token when the quote or event layer runs, else empty.
    lemmas: &'a [Cow<'a, str>],
    models: &'a Models,
}

impl<'a> TagInfo<'a> {
    /// The lemma of token `i` (`word` with `tag`): borrowed from [`TagInfo::lemmas`], or found
    /// now when they were not.
    fn lemma_of(&self, i: usize, word: &'a str, tag: PosTag) -> Cow<'a, str> {
        match (self.lemmas.get(i), &self.models.tagger) {
            (Some(lemma), _) => Cow::Borrowed(lemma.as_ref()),
            (None, Some(tagger)) => tagger.lemma(word, tag),
            (None, None) => Cow::Borrowed(word),
        }
    }
}

impl TokenInfo for TagInfo<'_> {
    fn xpos(&self, token: usize) -> Option<&str> {
        let tagger = self.models.tagger.as_ref()?;
        Some(tagger.xpos_name(*self.tags.get(token)?))
    }

    fn head(&self, token: usize) -> Option<usize> {
        self.models.parser.as_ref()?;
        self.arcs.get(token)?.head.map(|h| h as usize)
    }

    fn deprel(&self, token: usize) -> Option<&str> {
        let parser = self.models.parser.as_ref()?;
        Some(parser.label_name(self.arcs.get(token)?.label))
    }

    fn lemma(&self, token: usize) -> Option<String> {
        let tagger = self.models.tagger.as_ref()?;
        let tag = *self.tags.get(token)?;
        Some(tagger.lemma(self.words.get(token)?, tag).into_owned())
    }
}

/// The token spans and each sentence's token range, as the rule-based layers take them.
fn token_spans_and_sentences(
    segmentation: &Segmentation,
) -> (Vec<Span>, Vec<std::ops::Range<usize>>) {
    let spans = segmentation.tokens.iter().map(|t| t.span).collect();
    let sentences = segmentation
        .sentences
        .iter()
        .map(|s| s.tokens.clone())
        .collect();
    (spans, sentences)
}

/// Time expressions and amounts: rule-based over the tokens, reading tags and the parse when
/// the models ran; relative expressions resolve against the publication date when it is known.
fn fill_time_layers(document: &mut Document, segmentation: &Segmentation, info: &TagInfo<'_>) {
    let (spans, sentences) = token_spans_and_sentences(segmentation);
    let input = temporal::Input {
        text: &document.article.text,
        tokens: &spans,
        sentences: &sentences,
    };
    let anchor = document
        .article
        .published
        .as_deref()
        .and_then(|p| temporal::Anchor::published(p).ok());
    let times = temporal::find_times(&input, info, anchor.as_ref());
    let mut covered = vec![false; spans.len()];
    for time in &times {
        let first = spans.partition_point(|s| s.end <= time.span.start);
        for (k, span) in spans.iter().enumerate().skip(first) {
            if span.start >= time.span.end {
                break;
            }
            covered[k] = true;
        }
    }
    let amounts = temporal::find_amounts(&input, info, &covered);
    document.times = times;
    document.amounts = amounts;
    document.layers.push(layer::TIME.to_string());
    document.layers.push(layer::AMOUNTS.to_string());
}

/// Places: the recogniser's locations, safe gazetteer names, demonyms and the dateline,
/// geocoded (`newsgraph_geo::find_places`).
fn fill_places_layer(document: &mut Document, segmentation: &Segmentation, info: &TagInfo<'_>) {
    let (spans, sentences) = token_spans_and_sentences(segmentation);
    let input = newsgraph_geo::Input {
        text: &document.article.text,
        tokens: &spans,
        sentences: &sentences,
        mentions: &document.mentions,
    };
    document.places = newsgraph_geo::find_places(&input, info);
    document.layers.push(layer::PLACES.to_string());
}

/// Events: coded over the tags, lemmas and parse, after quotes and places
/// (`newsgraph_events::code_events`). Runs only when the parse ran.
fn fill_events_layer(document: &mut Document, segmentation: &Segmentation, info: &TagInfo<'_>) {
    let models = info.models;
    let (Some(tagger), Some(parser)) = (&models.tagger, &models.parser) else {
        return;
    };
    if info.tags.len() < segmentation.tokens.len() || info.arcs.len() < segmentation.tokens.len() {
        return;
    }
    let tokens = token_views(segmentation, info, tagger, parser);
    let events = newsgraph_events::code_events(document, &tokens, &Default::default());
    document.events = events;
    document.layers.push(layer::EVENTS.to_string());
}

/// One view per document token of its text (as the models read it), tags, lemma and parse:
/// what the quote and event layers read.
fn token_views<'a>(
    segmentation: &Segmentation,
    info: &'a TagInfo<'a>,
    tagger: &'a Tagger,
    parser: &'a Parser,
) -> Vec<TokenView<'a>> {
    segmentation
        .tokens
        .iter()
        .enumerate()
        .map(|(i, token)| {
            let word = info.words.get(i).copied().unwrap_or("");
            let tag = info.tags.get(i).copied().unwrap_or_default();
            let arc = info.arcs.get(i).copied().unwrap_or_default();
            TokenView {
                span: token.span,
                text: word,
                upos: tagger.upos_name(tag),
                xpos: tagger.xpos_name(tag),
                lemma: info.lemma_of(i, word, tag),
                head: arc.head.map(|h| h as usize),
                deprel: parser.label_name(arc.label),
            }
        })
        .collect()
}

/// The mention of a recognised entity, with its byte span; `None` if its token range does not
/// fit the sentence.
fn mention(
    document: &Document,
    segmentation: &Segmentation,
    entity: &EntitySpan,
) -> Option<Mention> {
    let sentence = document.sentences.get(entity.sentence)?;
    let mut first = sentence.tokens.start + entity.start;
    let mut last = sentence.tokens.start + entity.end.checked_sub(1)?;
    if entity.end <= entity.start || last >= sentence.tokens.end {
        return None;
    }
    // A name has a letter or a digit: tokens of punctuation and symbols at either edge are
    // not part of it, and a "name" made only of them is no mention at all.
    let wordlike = |i: usize| {
        segmentation.tokens.get(i).is_some_and(|t| {
            slice(&document.article.text, t.span)
                .chars()
                .any(char::is_alphanumeric)
        })
    };
    while first <= last && !wordlike(first) {
        first += 1;
    }
    while last > first && !wordlike(last) {
        last -= 1;
    }
    if first > last || !wordlike(first) {
        return None;
    }
    let span = Span::new(
        segmentation.tokens.get(first)?.span.start,
        segmentation.tokens.get(last)?.span.end,
    );
    Some(Mention {
        span,
        sentence: entity.sentence,
        text: slice(&document.article.text, span).to_string(),
        entity_type: entity.label,
        entity: None,
        confidence: entity.confidence,
    })
}

/// Where one analysis spent its time, stage by stage, for `newsgraph bench`. Measured inside
/// one run, the stages' shares hold steady under load from elsewhere on the machine, which
/// slows every stage alike, where comparing runs with and without a layer does not. They
/// leave out what a layer costs the others by what it pushes out of the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTimes {
    /// Segmentation, the language check, headline casing, tagging, parsing and recognition.
    pub models: Duration,
    /// The lemmas that the quote and event layers read (found once for both).
    pub lemmas: Duration,
    /// Quotes, attribution, speakers and sourcing.
    pub quotes: Duration,
    /// Time expressions and amounts.
    pub time_and_amounts: Duration,
    /// Toponyms, demonyms and the dateline, geocoded.
    pub places: Duration,
    /// Coded events.
    pub events: Duration,
}

impl StageTimes {
    /// All the stages together.
    pub fn total(&self) -> Duration {
        self.models + self.lemmas + self.quotes + self.time_and_amounts + self.places + self.events
    }
}

impl AddAssign for StageTimes {
    fn add_assign(&mut self, other: StageTimes) {
        self.models += other.models;
        self.lemmas += other.lemmas;
        self.quotes += other.quotes;
        self.time_and_amounts += other.time_and_amounts;
        self.places += other.places;
        self.events += other.events;
    }
}

/// The time since `clock`, which is moved on to now.
fn lap(clock: &mut Instant) -> Duration {
    let now = Instant::now();
    let elapsed = now.duration_since(*clock);
    *clock = now;
    elapsed
}

/// Counts of what one analysis produced, for benchmarks and summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnalysisCounts {
    pub bytes: usize,
    pub tokens: usize,
    pub sentences: usize,
}

impl AnalysisCounts {
    pub fn of(document: &Document) -> Self {
        AnalysisCounts {
            bytes: document.article.text.len(),
            tokens: document
                .sentences
                .last()
                .map(|s| s.tokens.end)
                .unwrap_or_default(),
            sentences: document.sentences.len(),
        }
    }
}

fn fill_text_layer(document: &mut Document, segmentation: &Segmentation, with_tokens: bool) {
    let text = document.article.text.as_str();
    document.sentences = segmentation
        .sentences
        .iter()
        .enumerate()
        .map(|(index, s)| Sentence {
            index,
            span: s.span,
            paragraph: s.paragraph,
            kind: s.kind,
            dateline: s.dateline,
            tokens: s.tokens.clone(),
        })
        .collect();
    if with_tokens {
        document.tokens = segmentation
            .tokens
            .iter()
            .map(|t| output_token(text, t))
            .collect();
    }
    document.layers.push(layer::TEXT.to_string());
}

fn output_token(text: &str, token: &TextToken) -> Token {
    let original = slice(text, token.span);
    let norm = newsgraph_text::normalize::norm(original);
    Token {
        span: token.span,
        text: original.to_string(),
        norm: (norm != original).then(|| norm.into_owned()),
        kind: token.kind,
        space_after: token.space_after,
        upos: None,
        xpos: None,
        lemma: None,
        head: None,
        deprel: None,
    }
}

/// The article's language when it is set and not English (`en`, `en-GB`, `eng`).
fn non_english(article: &Article) -> Option<String> {
    let language = article.language.as_deref()?.trim();
    let primary = language.split(['-', '_']).next()?.to_ascii_lowercase();
    (!primary.is_empty() && primary != "en" && primary != "eng").then(|| language.to_string())
}

fn slice(text: &str, span: Span) -> &str {
    span.slice(text).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_span_points_into_the_text() {
        let article = Article::from_text(
            "KHARTOUM, Sudan - The army said on Sunday it had taken the bridge.\n\n\
             \u{201c}We will never become another Somalia,\u{201d} the general said.",
        );
        let document = Pipeline::new(AnalyzeOptions { tokens: true }).analyze(article);
        assert!(document.sentences.len() >= 2);
        assert!(!document.tokens.is_empty());
        for (label, span) in document.cited_spans() {
            assert!(
                span.slice(&document.article.text).is_some(),
                "{label} span {span:?} does not fit the text"
            );
        }
        for token in &document.tokens {
            assert_eq!(document.evidence(token.span), token.text);
        }
        assert_eq!(document.layers, vec!["text", "time", "amounts", "places"]);
    }

    #[test]
    fn tokens_are_left_out_unless_asked_for() {
        let document = Pipeline::default().analyze(Article::from_text("The junta sought help."));
        assert!(document.tokens.is_empty());
        assert_eq!(document.sentences.len(), 1);
        assert_eq!(AnalysisCounts::of(&document).tokens, 5);
    }

    #[test]
    fn analysis_is_deterministic() {
        let text = "Gen. Okafor arrived in N'Djamena. He met two Chadian officials.";
        let pipeline = Pipeline::new(AnalyzeOptions { tokens: true });
        let a = pipeline.analyze(Article::from_text(text));
        let b = pipeline.analyze(Article::from_text(text));
        assert_eq!(a, b);
    }

    #[test]
    fn layer_lists_are_closed_over_what_they_read() {
        let events = Layers::parse_list("events").unwrap();
        assert!(events.events && events.parse && events.pos && events.ner);
        assert!(!events.quotes && !events.time && !events.places);
        let places = Layers::parse_list(" places , amounts").unwrap();
        assert!(places.places && places.ner && places.time);
        assert!(!places.pos && !places.parse && !places.events);
        assert_eq!(Layers::parse_list("text").unwrap(), Layers::NONE);
        assert_eq!(
            Layers::parse_list("pos,parse,ner,quotes,time,places,events").unwrap(),
            Layers::ALL
        );
        let error = Layers::parse_list("pos,sentiment").unwrap_err();
        assert!(
            error.contains("\"sentiment\"") && error.contains("places"),
            "{error}"
        );
    }

    #[test]
    fn only_the_chosen_layers_run() {
        let text = "KHARTOUM, Sudan - The army said on Sunday it had taken the bridge.";
        let pipeline = Pipeline::default().with_layers(Layers::parse_list("time").unwrap());
        let document = pipeline.analyze(Article::from_text(text));
        assert_eq!(document.layers, vec!["text", "time", "amounts"]);
        assert!(!document.times.is_empty(), "Sunday is a time expression");
        assert!(document.places.is_empty());
        let none = Pipeline::default().with_layers(Layers::NONE);
        let document = none.analyze(Article::from_text(text));
        assert_eq!(document.layers, vec!["text"]);
        assert!(document.times.is_empty());
    }
}
