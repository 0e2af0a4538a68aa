//! The analysis of one article: every layer newsgraph extracts, each item with its evidence.
//!
//! Items refer to each other by index into the document's own lists (`sentence`, `entity`,
//! `place`, …), so a document is self-contained and serialises as plain JSON.

use serde::{Deserialize, Serialize};

use crate::{Article, Span};

/// The version of this schema. Bumped on any change that alters the meaning or shape of
/// existing fields; adding an optional field bumps the minor number.
pub const SCHEMA_VERSION: &str = "0.1";

/// One analysed article: the output record of `newsgraph extract`, a row set in the store,
/// and a resource of the HTTP API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub schema_version: String,
    pub article: Article,
    pub sentences: Vec<Sentence>,
    /// Tokens of all sentences in text order. Left empty in output unless asked for
    /// (`--tokens`); `Sentence::tokens` indexes into it when present.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<Token>,
    #[serde(default)]
    pub mentions: Vec<Mention>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub places: Vec<Place>,
    #[serde(default)]
    pub times: Vec<TimeExpression>,
    #[serde(default)]
    pub amounts: Vec<Amount>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<Tone>,
    #[serde(default)]
    pub themes: Vec<Theme>,
    /// Layers that ran (`"text"`, `"ner"`, …), so an empty list means "none found", not
    /// "not looked for".
    #[serde(default)]
    pub layers: Vec<String>,
    /// Non-fatal problems met while analysing (an unbalanced quote mark, a stage skipped for a
    /// non-English text).
    #[serde(default)]
    pub warnings: Vec<Warning>,
}

impl Document {
    /// An empty analysis of `article`, to be filled layer by layer.
    pub fn new(article: Article) -> Self {
        Document {
            schema_version: SCHEMA_VERSION.to_string(),
            article,
            sentences: Vec::new(),
            tokens: Vec::new(),
            mentions: Vec::new(),
            entities: Vec::new(),
            quotes: Vec::new(),
            places: Vec::new(),
            times: Vec::new(),
            amounts: Vec::new(),
            events: Vec::new(),
            tone: None,
            themes: Vec::new(),
            layers: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The exact text behind a span of this document, or `""` if the span does not fit.
    pub fn evidence(&self, span: Span) -> &str {
        span.slice(&self.article.text).unwrap_or("")
    }

    /// Every span this document cites, with a label saying where it is cited; used to check
    /// that all evidence points into the text.
    pub fn cited_spans(&self) -> Vec<(&'static str, Span)> {
        let mut spans = Vec::new();
        spans.extend(self.sentences.iter().map(|s| ("sentence", s.span)));
        spans.extend(self.tokens.iter().map(|t| ("token", t.span)));
        spans.extend(self.mentions.iter().map(|m| ("mention", m.span)));
        for entity in &self.entities {
            spans.extend(entity.descriptors.iter().map(|d| ("descriptor", d.span)));
        }
        for quote in &self.quotes {
            spans.push(("quote.content", quote.content));
            spans.extend(quote.cue.map(|s| ("quote.cue", s)));
            spans.extend(quote.source.map(|s| ("quote.source", s)));
            if let Some(sourcing) = &quote.sourcing {
                spans.push(("sourcing", sourcing.span));
                spans.extend(sourcing.groups.iter().map(|g| ("sourcing.group", g.span)));
            }
        }
        spans.extend(self.places.iter().map(|p| ("place", p.span)));
        spans.extend(self.times.iter().map(|t| ("time", t.span)));
        for amount in &self.amounts {
            spans.push(("amount", amount.span));
            spans.extend(amount.counted_span.map(|s| ("amount.counted", s)));
        }
        for event in &self.events {
            spans.push(("event.evidence", event.evidence));
            spans.push(("event.trigger", event.trigger));
            for actor in event.source.iter().chain(event.target.iter()) {
                spans.push(("event.actor", actor.span));
            }
        }
        if let Some(tone) = &self.tone {
            spans.extend(tone.evidence.iter().map(|s| ("tone", *s)));
        }
        for theme in &self.themes {
            spans.extend(theme.evidence.iter().map(|s| ("theme", *s)));
        }
        spans.extend(
            self.warnings
                .iter()
                .filter_map(|w| w.span.map(|s| ("warning", s))),
        );
        spans
    }
}

/// What a sentence is, by its layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentenceKind {
    /// Running text.
    Body,
    /// A title or headline line (no final punctuation, standing alone).
    Headline,
    /// An item of a bulleted or numbered list.
    ListItem,
}

/// One sentence. `tokens` is a range into `Document::tokens` (when tokens are output).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub index: usize,
    pub span: Span,
    /// 0-based paragraph number (paragraphs are separated by blank lines).
    pub paragraph: usize,
    pub kind: SentenceKind,
    /// The dateline that opens the sentence ("KHARTOUM, Sudan -"), if any; it is inside `span`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<Span>,
    /// Token index range `[start, end)`.
    pub tokens: std::ops::Range<usize>,
}

/// What a token is, by its form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    Symbol,
    Url,
    Email,
    Hashtag,
    /// A social-media handle (`@user`).
    Handle,
    Emoji,
}

/// One token (UD English conventions: clitics such as `n't` and `'s` are tokens of their own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub span: Span,
    /// The original text of the token (`text[span]`).
    pub text: String,
    /// The normalised form the models read (NFKC, straight quotes, ASCII dashes), when it
    /// differs from `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub norm: Option<String>,
    pub kind: TokenKind,
    /// Whether whitespace follows the token in the original text.
    pub space_after: bool,
    /// Universal POS tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upos: Option<String>,
    /// Penn Treebank tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xpos: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lemma: Option<String>,
    /// Index (into `Document::tokens`) of the syntactic head; `None` for the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<usize>,
    /// Universal Dependencies relation to the head (`nsubj`, `root`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprel: Option<String>,
}

/// Named-entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Person,
    /// Organisations, including governments, armies, companies, media.
    Org,
    /// Locations, including geopolitical entities.
    Loc,
    /// Everything else named, including nationalities and events.
    Misc,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
        }
    }
}

/// One mention of a named entity in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub span: Span,
    pub sentence: usize,
    pub text: String,
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Index into `Document::entities` of the entity this mention refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<usize>,
    /// Model confidence in `[0, 1]`.
    pub confidence: f32,
}

/// What a descriptor says about an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DescriptorKind {
    /// A title or rank used with the name ("General", "Dr.", "President").
    Title,
    /// A role or occupation ("analyst", "spokesman for the ministry").
    Role,
    /// A nationality or country of affiliation ("Chadian").
    Nationality,
    /// An organisation the entity belongs to ("of Reuters").
    Affiliation,
}

/// A piece of text that describes an entity, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Descriptor {
    pub kind: DescriptorKind,
    /// Normalised value ("general", or an ISO 3166 alpha-3 code for a nationality).
    pub value: String,
    pub span: Span,
}

/// An entity within one article: all mentions that refer to the same person, organisation,
/// place or thing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub index: usize,
    /// The fullest name used in the article.
    pub name: String,
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Other names and forms used for it ("Okafor", "General Okafor").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Indices into `Document::mentions`.
    pub mentions: Vec<usize>,
    #[serde(default)]
    pub descriptors: Vec<Descriptor>,
}

/// How a statement is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// Verbatim, inside quotation marks.
    Direct,
    /// Reported speech or cognition ("said that", "according to").
    Indirect,
    /// Reported speech containing a verbatim fragment.
    Mixed,
    /// A word or short phrase in quotation marks that is not a statement ("terrorist").
    Scare,
}

/// How the speaker of a quote was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerResolution {
    /// The source span names the entity.
    Named,
    /// Resolved through a title, role noun or surname.
    Alias,
    /// Resolved through a pronoun.
    Pronoun,
    /// A speaker is expressed but could not be tied to an entity.
    Unresolved,
    /// No source is expressed.
    None,
}

/// A statement attributed to a source: direct quotes, indirect speech, "according to X".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub kind: QuoteKind,
    /// What was said.
    pub content: Span,
    pub content_text: String,
    /// The attribution cue ("said", "according to", "confirmed by").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<Span>,
    /// The expression of the source ("the general", "two Chadian officials").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Span>,
    /// Index into `Document::entities` of the speaker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<usize>,
    pub speaker_resolution: SpeakerResolution,
    /// Sentences the quote spans (first and last index, inclusive).
    pub sentences: (usize, usize),
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sourcing: Option<Sourcing>,
    pub confidence: f32,
}

/// A description of who the sources are: "two Chadian officials and a Western diplomat".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sourcing {
    pub span: Span,
    /// Total number of sources when stated or countable (3 for the example above).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Whether the sources are unnamed.
    pub anonymous: bool,
    pub groups: Vec<SourceGroup>,
}

/// One group of sources of the same kind: "two Chadian officials".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceGroup {
    pub span: Span,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// "official", "diplomat", "analyst", "witness", "person familiar with the matter", …
    pub kind: String,
    /// ISO 3166 alpha-3 country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
}

/// How a place is mentioned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceRole {
    /// A place name ("Khartoum").
    Toponym,
    /// A place implied by another word, such as a demonym ("Chadian" → Chad).
    Associated,
    /// A place name standing for its government or institutions ("Washington said").
    Metonym,
    /// The dateline of the article.
    Dateline,
}

/// A place mentioned in the article, geocoded when possible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub span: Span,
    pub sentence: usize,
    pub text: String,
    pub role: PlaceRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonames_id: Option<u64>,
    /// The gazetteer's name for the resolved place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// GeoNames feature class and code ("P", "PPLC").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
    /// ISO 3166 alpha-2 and alpha-3 of the country containing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_alpha2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_alpha3: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    pub confidence: f32,
}

/// TIMEX3 types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimeType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimeType {
    /// The TIMEX3 name: `DATE`, `TIME`, `DURATION`, `SET`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeType::Date => "DATE",
            TimeType::Time => "TIME",
            TimeType::Duration => "DURATION",
            TimeType::Set => "SET",
        }
    }
}

/// A time expression, normalised TIMEX3-style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeExpression {
    pub span: Span,
    pub sentence: usize,
    pub text: String,
    #[serde(rename = "type")]
    pub time_type: TimeType,
    /// TIMEX3 value ("2026-03-08", "P2W", "199", "2026-Q3"); `None` when unresolvable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The reference the value was computed from ("published:2026-03-14"), for relative
    /// expressions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

/// What an amount measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmountKind {
    Count,
    Money,
    Percent,
    Measure,
}

/// A number with what it counts: "1,200 troops", "$2.5 million", "40 percent".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    pub span: Span,
    pub sentence: usize,
    pub text: String,
    pub kind: AmountKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Currency (ISO 4217) or unit ("km", "percent").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// What is counted, lemmatised ("troop").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted_span: Option<Span>,
}

/// The mode of an event: was it done, threatened, asked for, denied…
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventMode {
    Asserted,
    Threatened,
    Requested,
    Denied,
    Negated,
    Future,
    Hypothetical,
}

/// GDELT/CAMEO quad class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuadClass {
    VerbalCooperation,
    MaterialCooperation,
    VerbalConflict,
    MaterialConflict,
}

/// A participant of an event, with its actor code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub span: Span,
    pub text: String,
    /// Index into `Document::entities`, when the actor is a named entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<usize>,
    /// ISO 3166 alpha-3 country, or `IGO`-style codes for international actors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// CAMEO-style sector codes ("GOV", "MIL", "REB").
    #[serde(default)]
    pub sectors: Vec<String>,
}

/// A coded political event: who did what to whom, where and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// PLOVER event type ("THREATEN", "ASSAULT", …).
    #[serde(rename = "type")]
    pub event_type: String,
    /// CAMEO code compatible with the type ("138").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    pub mode: EventMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Actor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Actor>,
    /// Index into `Document::places`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<usize>,
    /// Index into `Document::times`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<usize>,
    /// The word or phrase that expresses the event ("threatened").
    pub trigger: Span,
    /// The clause or sentence that states it.
    pub evidence: Span,
    pub sentence: usize,
    /// Goldstein-style intensity in `[-10, 10]`.
    pub intensity: f32,
    pub quad_class: QuadClass,
    pub confidence: f32,
    /// Index into `Document::quotes` of the quote that states the event, when it is reported
    /// inside one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<usize>,
}

/// The tone of an article, GDELT-style: percentages of positive and negative words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tone {
    /// Positive minus negative, in `[-100, 100]`.
    pub score: f32,
    pub positive: f32,
    pub negative: f32,
    /// Positive plus negative: how emotionally charged the text is.
    pub polarity: f32,
    pub word_count: usize,
    /// The sentences that carry the most weight in the score.
    #[serde(default)]
    pub evidence: Vec<Span>,
}

/// A theme of the article ("MILITARY_INTERVENTION"), with the passages that suggest it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    pub code: String,
    pub score: f32,
    pub evidence: Vec<Span>,
}

/// A non-fatal problem met while analysing an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// The layer that raised it ("text", "quotes").
    pub layer: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}
