//! Questions to the store: `newsgraph search | entity | events | quotes | stories | export`.
//! Aligned text tables for people, `--json` for machines.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use newsgraph_store::{
    CsvTable, EventFilter, ExportFormat, ExportOptions, Page, QuoteFilter, SearchQuery, Store,
    StoryFilter, DEFAULT_DB,
};

/// The commands that read the store (flattened into the top-level commands).
#[derive(Subcommand)]
pub enum QueryCommand {
    /// Full-text search over articles and quotes.
    Search(SearchArgs),
    /// An entity across articles: aliases, articles, quotes, events, co-occurring entities.
    Entity(EntityArgs),
    /// Coded events, filtered by actor, type, date and place.
    Events(EventsArgs),
    /// Quotes, filtered by speaker.
    Quotes(QuotesArgs),
    /// Story clusters, largest first (or one story's articles with --id).
    Stories(StoriesArgs),
    /// Export the store: JSONL, CSV, GDELT events, GKG, PLOVER, GraphML, GEXF.
    Export(ExportArgs),
}

#[derive(Args, Clone)]
pub struct StoreArgs {
    /// The store: a SQLite file or a `postgres://` URL.
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    limit: u64,
    /// Skip this many results first.
    #[arg(long, default_value_t = 0)]
    offset: u64,
}

impl StoreArgs {
    fn page(&self) -> Page {
        Page {
            limit: self.limit,
            offset: self.offset,
        }
    }
}

#[derive(Args)]
pub struct SearchArgs {
    /// Words that must all occur; "…" for a phrase.
    query: String,
    /// Articles only.
    #[arg(long, conflicts_with = "quotes_only")]
    articles_only: bool,
    /// Quotes only.
    #[arg(long)]
    quotes_only: bool,
    #[command(flatten)]
    store: StoreArgs,
}

#[derive(Args)]
pub struct EntityArgs {
    /// A name or alias ("Hewitt", "Patricia Hewitt").
    name: String,
    #[command(flatten)]
    store: StoreArgs,
}

#[derive(Args)]
pub struct EventsArgs {
    /// Part of a source or target actor's name, or a country code.
    #[arg(long)]
    actor: Option<String>,
    /// PLOVER type (PROTEST) or CAMEO code prefix (14).
    #[arg(long = "type")]
    event_type: Option<String>,
    /// Earliest date, YYYY-MM-DD.
    #[arg(long)]
    since: Option<String>,
    /// Latest date, YYYY-MM-DD.
    #[arg(long)]
    until: Option<String>,
    /// Part of the place name, or its country code.
    #[arg(long)]
    place: Option<String>,
    /// One row per merged event (reports of the same event across articles), with its
    /// NumMentions / NumArticles / NumSources.
    #[arg(long)]
    merged: bool,
    #[command(flatten)]
    store: StoreArgs,
}

#[derive(Args)]
pub struct QuotesArgs {
    /// Part of the speaker's name (or of the source expression).
    #[arg(long)]
    speaker: Option<String>,
    #[command(flatten)]
    store: StoreArgs,
}

#[derive(Args)]
pub struct StoriesArgs {
    /// List this story's articles.
    #[arg(long)]
    id: Option<i64>,
    /// Stories active on or after this date (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Stories active on or before this date (YYYY-MM-DD).
    #[arg(long)]
    until: Option<String>,
    /// Only stories with at least this many articles.
    #[arg(long, default_value_t = 1)]
    min_articles: u64,
    #[command(flatten)]
    store: StoreArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Jsonl,
    Csv,
    GdeltEvents,
    Gkg,
    Plover,
    Graphml,
    Gexf,
}

#[derive(Clone, Copy, ValueEnum)]
enum Table {
    Articles,
    Entities,
    Quotes,
    Events,
    Stories,
}

#[derive(Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    format: Format,
    /// The table a CSV export writes.
    #[arg(long, value_enum, default_value = "articles")]
    table: Table,
    /// The store: a SQLite file or a `postgres://` URL.
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Actor network: least edge weight (shared articles, or merged events) kept.
    #[arg(long, default_value_t = 1)]
    min_weight: u64,
}

pub fn run(command: QueryCommand) -> Result<ExitCode> {
    match command {
        QueryCommand::Search(args) => search(args),
        QueryCommand::Entity(args) => entity(args),
        QueryCommand::Events(args) => events(args),
        QueryCommand::Quotes(args) => quotes(args),
        QueryCommand::Stories(args) => stories(args),
        QueryCommand::Export(args) => export(args),
    }
}

/// Open an existing store (queries never create one).
fn open(db: &str) -> Result<Box<dyn Store>> {
    if !newsgraph_store::is_postgres_url(db) && !std::path::Path::new(db).exists() {
        bail!("no store at {db} (run `newsgraph ingest … --db {db}` first)");
    }
    newsgraph_store::open(db).with_context(|| format!("opening the store {db}"))
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// An aligned text table; cells longer than `max` characters are cut with "…".
struct Table2 {
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
    max: usize,
}

impl Table2 {
    fn new(header: &[&'static str]) -> Self {
        Table2 {
            header: header.to_vec(),
            rows: Vec::new(),
            max: 60,
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        let max = self.max;
        self.rows.push(
            cells
                .into_iter()
                .map(|c| {
                    let c = c.replace(['\n', '\r', '\t'], " ");
                    if c.chars().count() > max {
                        let cut: String = c.chars().take(max - 1).collect();
                        format!("{cut}…")
                    } else {
                        c
                    }
                })
                .collect(),
        );
    }

    fn print(&self) -> Result<()> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(cell.chars().count());
                }
            }
        }
        let mut out = io::stdout().lock();
        let line = |out: &mut io::StdoutLock, cells: &[String]| -> io::Result<()> {
            let mut text = String::new();
            for (i, cell) in cells.iter().enumerate() {
                let pad = widths
                    .get(i)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(cell.chars().count());
                text.push_str(cell);
                if i + 1 < cells.len() {
                    text.push_str(&" ".repeat(pad + 2));
                }
            }
            writeln!(out, "{}", text.trim_end())
        };
        let header: Vec<String> = self.header.iter().map(|h| h.to_string()).collect();
        line(&mut out, &header)?;
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        line(&mut out, &rule)?;
        for row in &self.rows {
            line(&mut out, row)?;
        }
        if self.rows.is_empty() {
            writeln!(out, "(none)")?;
        }
        Ok(())
    }
}

fn or_dash(value: &Option<String>) -> String {
    value
        .clone()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "-".into())
}

fn short_id(id: &str) -> String {
    id.chars().take(12).collect()
}

fn search(args: SearchArgs) -> Result<ExitCode> {
    let mut store = open(&args.store.db)?;
    let query = SearchQuery {
        text: args.query.clone(),
        articles: !args.quotes_only,
        quotes: !args.articles_only,
        page: args.store.page(),
    };
    let hits = store.search(&query)?;
    if args.store.json {
        print_json(&hits)?;
    } else {
        let mut table =
            Table2::new(&["kind", "article", "published", "title / speaker", "snippet"]);
        table.max = 80;
        for hit in &hits {
            let who = match hit.kind {
                newsgraph_store::HitKind::Article => or_dash(&hit.article.title),
                newsgraph_store::HitKind::Quote => or_dash(&hit.speaker),
            };
            table.row(vec![
                format!("{:?}", hit.kind).to_lowercase(),
                short_id(&hit.article.id),
                or_dash(&hit.article.published),
                who,
                hit.snippet.clone(),
            ]);
        }
        table.print()?;
    }
    Ok(ExitCode::SUCCESS)
}

fn entity(args: EntityArgs) -> Result<ExitCode> {
    let mut store = open(&args.store.db)?;
    let found = store.find_entities(&args.name, args.store.page())?;
    let Some(best) = found.first() else {
        if args.store.json {
            print_json(&serde_json::json!({"matches": [], "entity": null}))?;
        } else {
            println!("no entity named {:?}", args.name);
        }
        return Ok(ExitCode::from(1));
    };
    let detail = store.entity(best.id)?;
    if args.store.json {
        print_json(&serde_json::json!({"matches": found, "entity": detail}))?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(detail) = detail else {
        bail!("entity {} vanished", best.id);
    };
    let e = &detail.entity;
    println!(
        "{} ({}, id {}): {} mentions in {} articles",
        e.name, e.entity_type, e.id, e.mentions, e.articles
    );
    println!("aliases: {}", e.aliases.join(", "));
    if found.len() > 1 {
        println!("other matches:");
        for other in &found[1..] {
            println!(
                "  {} ({}, id {}): {} mentions",
                other.name, other.entity_type, other.id, other.mentions
            );
        }
    }
    println!("\narticles");
    let mut table = Table2::new(&["article", "published", "source", "title"]);
    for a in detail.articles.iter().take(args.store.limit as usize) {
        table.row(vec![
            short_id(&a.id),
            or_dash(&a.published),
            or_dash(&a.source),
            or_dash(&a.title),
        ]);
    }
    table.print()?;
    println!("\nquotes");
    let mut table = Table2::new(&["article", "published", "quote"]);
    table.max = 100;
    for q in detail.quotes.iter().take(args.store.limit as usize) {
        table.row(vec![
            short_id(&q.article_id),
            or_dash(&q.published),
            q.content.clone(),
        ]);
    }
    table.print()?;
    println!("\nevents");
    let mut table = Table2::new(&["date", "type", "source", "target", "place"]);
    for ev in detail.events.iter().take(args.store.limit as usize) {
        table.row(vec![
            or_dash(&ev.date),
            ev.event_type.clone(),
            or_dash(&ev.source),
            or_dash(&ev.target),
            or_dash(&ev.place),
        ]);
    }
    table.print()?;
    println!("\nnamed with");
    let mut table = Table2::new(&["entity", "type", "shared articles"]);
    for (other, shared) in detail.cooccurring.iter().take(args.store.limit as usize) {
        table.row(vec![
            other.name.clone(),
            other.entity_type.clone(),
            shared.to_string(),
        ]);
    }
    table.print()?;
    Ok(ExitCode::SUCCESS)
}

fn events(args: EventsArgs) -> Result<ExitCode> {
    let mut store = open(&args.store.db)?;
    let filter = EventFilter {
        actor: args.actor,
        event_type: args.event_type,
        since: args.since,
        until: args.until,
        place: args.place,
        page: args.store.page(),
    };
    let rows = if args.merged {
        store.merged_events(&filter)?
    } else {
        store.events(&filter)?
    };
    if args.store.json {
        print_json(&rows)?;
    } else {
        let mut table = Table2::new(&[
            "date", "type", "mode", "source", "target", "place", "event", "mentions", "articles",
            "sources", "evidence",
        ]);
        table.max = 50;
        for e in &rows {
            table.row(vec![
                or_dash(&e.date),
                e.event_type.clone(),
                e.mode.clone(),
                or_dash(&e.source),
                or_dash(&e.target),
                or_dash(&e.place),
                e.cluster.to_string(),
                e.num_mentions.to_string(),
                e.num_articles.to_string(),
                e.num_sources.to_string(),
                e.evidence.clone(),
            ]);
        }
        table.print()?;
    }
    Ok(ExitCode::SUCCESS)
}

fn quotes(args: QuotesArgs) -> Result<ExitCode> {
    let mut store = open(&args.store.db)?;
    let filter = QuoteFilter {
        speaker: args.speaker,
        page: args.store.page(),
        ..QuoteFilter::default()
    };
    let rows = store.quotes(&filter)?;
    if args.store.json {
        print_json(&rows)?;
    } else {
        let mut table = Table2::new(&["speaker", "kind", "article", "published", "quote"]);
        table.max = 90;
        for q in &rows {
            table.row(vec![
                or_dash(&q.speaker.clone().or(q.source.clone())),
                q.kind.clone(),
                short_id(&q.article_id),
                or_dash(&q.published),
                q.content.clone(),
            ]);
        }
        table.print()?;
    }
    Ok(ExitCode::SUCCESS)
}

fn stories(args: StoriesArgs) -> Result<ExitCode> {
    let mut store = open(&args.store.db)?;
    if let Some(id) = args.id {
        let articles = store.story_articles(id, args.store.page())?;
        if args.store.json {
            print_json(&articles)?;
        } else {
            let mut table =
                Table2::new(&["article", "published", "source", "title", "duplicate of"]);
            for a in &articles {
                table.row(vec![
                    short_id(&a.id),
                    or_dash(&a.published),
                    or_dash(&a.source),
                    or_dash(&a.title),
                    a.duplicate_of
                        .as_deref()
                        .map(short_id)
                        .unwrap_or_else(|| "-".into()),
                ]);
            }
            table.print()?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let filter = StoryFilter {
        since: args.since,
        until: args.until,
        min_articles: args.min_articles,
        page: args.store.page(),
        id: None,
    };
    let rows = store.stories(&filter)?;
    if args.store.json {
        print_json(&rows)?;
    } else {
        let mut table = Table2::new(&["story", "articles", "first", "last", "label", "terms"]);
        for s in &rows {
            table.row(vec![
                s.id.to_string(),
                s.articles.to_string(),
                or_dash(&s.first),
                or_dash(&s.last),
                s.label.clone(),
                s.terms.join(" "),
            ]);
        }
        table.print()?;
    }
    Ok(ExitCode::SUCCESS)
}

fn export(args: ExportArgs) -> Result<ExitCode> {
    let mut store = open(&args.db)?;
    let options = ExportOptions {
        format: match args.format {
            Format::Jsonl => ExportFormat::Jsonl,
            Format::Csv => ExportFormat::Csv,
            Format::GdeltEvents => ExportFormat::GdeltEvents,
            Format::Gkg => ExportFormat::Gkg,
            Format::Plover => ExportFormat::Plover,
            Format::Graphml => ExportFormat::Graphml,
            Format::Gexf => ExportFormat::Gexf,
        },
        table: match args.table {
            Table::Articles => CsvTable::Articles,
            Table::Entities => CsvTable::Entities,
            Table::Quotes => CsvTable::Quotes,
            Table::Events => CsvTable::Events,
            Table::Stories => CsvTable::Stories,
        },
        min_weight: args.min_weight,
    };
    let mut out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let records = newsgraph_store::export(store.as_mut(), &options, &mut out)?;
    out.flush()?;
    eprintln!("export: {records} records");
    Ok(ExitCode::SUCCESS)
}
