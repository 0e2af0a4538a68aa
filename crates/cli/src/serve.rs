//! `newsgraph serve`: the HTTP JSON API and the web UI over a store.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Args;
use newsgraph_analyze::AnalyzeOptions;
use newsgraph_server::{router, AppState, ServerConfig, StorePool, DEFAULT_MAX_BODY};
use newsgraph_store::DEFAULT_DB;

#[derive(Args)]
pub struct ServeArgs {
    /// The store: a SQLite file (created on first use) or a `postgres://` URL.
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
    /// Address to listen on (port 0: any free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Accept `POST /api/ingest` (analyse and store an article); read-only without it.
    #[arg(long)]
    allow_ingest: bool,
    /// Store connections (queries run in parallel on this many).
    #[arg(long, default_value_t = 4)]
    connections: usize,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BODY)]
    max_body: usize,
    /// Directory of the trained models, for --allow-ingest (default: $NEWSGRAPH_MODELS,
    /// else ./models).
    #[arg(long)]
    models: Option<PathBuf>,
}

pub fn run(args: ServeArgs) -> Result<ExitCode> {
    let pool = StorePool::open(&args.db, args.connections)
        .with_context(|| format!("opening the store {}", args.db))?;
    let ingest: Option<newsgraph_server::Analyzer> = if args.allow_ingest {
        let pipeline =
            crate::models::load_pipeline(AnalyzeOptions::default(), args.models.as_deref())?;
        let pipeline = Arc::new(pipeline);
        Some(Arc::new(move |article| {
            crate::ingest::analyze(&pipeline, article)
        }))
    } else {
        None
    };
    let config = ServerConfig {
        ingest,
        max_body: args.max_body,
    };
    let backend = pool.backend();
    let app = router(AppState::new(pool, config));
    let db = args.db.clone();
    let read_only = !args.allow_ingest;
    newsgraph_server::serve_blocking(&args.addr, app, |addr| {
        // Plain stderr, not the log: scripts (and the browser tests) read the address here.
        eprintln!(
            "newsgraph serve: listening on http://{addr} (store {db}, {backend}{})",
            if read_only {
                ", read-only"
            } else {
                ", ingest allowed"
            }
        );
    })
    .with_context(|| format!("serving on {}", args.addr))?;
    Ok(ExitCode::SUCCESS)
}
