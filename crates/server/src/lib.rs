//! `newsgraph serve`: an HTTP JSON API over the knowledge store ([`newsgraph_store::Store`])
//! and the web UI, both served by one [`axum`] router.
//!
//! - The API lives under `/api` (see `docs/api.md` and `/api/openapi.json`): search,
//!   articles with their analysis and byte spans, entities, events, quotes, stories, health,
//!   and — only when the server was started with ingest allowed — `POST /api/ingest`.
//! - The UI (`/`, `/app.js`, `/style.css`, `/world.json`) is our own HTML, CSS and
//!   JavaScript, compiled into the binary; no build step.
//!
//! Limits: request bodies (`max_body`), query strings ([`MAX_QUERY_BYTES`]) and search text
//! ([`MAX_SEARCH_CHARS`]) are bounded, pages are capped at [`MAX_LIMIT`] items. Every error
//! under `/api` is a JSON object `{"error": {"status": 400, "message": "…"}}`.
//!
//! The store is synchronous (SQLite / PostgreSQL clients), so every query runs on Tokio's
//! blocking pool against one connection of a small pool ([`StorePool`]).

mod api;
mod error;
mod openapi;
mod ui;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use newsgraph_core::{Article, Document};
use newsgraph_store::Store;

pub use error::ApiError;
pub use openapi::openapi;

/// Largest page: `limit` above this is capped.
pub const MAX_LIMIT: u64 = 200;
/// Largest `offset` accepted.
pub const MAX_OFFSET: u64 = 1_000_000;
/// Longest query string (the part after `?`), in bytes; longer requests get 414.
pub const MAX_QUERY_BYTES: usize = 4096;
/// Longest search text and filter value, in characters.
pub const MAX_SEARCH_CHARS: usize = 500;
/// Default request body limit (only `POST /api/ingest` reads a body).
pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;

/// Errors starting the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("store: {0}")]
    Store(#[from] newsgraph_store::StoreError),
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Invalid(String),
}

/// Turns an article into its analysed document (the CLI passes the loaded pipeline).
pub type Analyzer = Arc<dyn Fn(Article) -> Document + Send + Sync>;

/// How the server behaves.
#[derive(Clone)]
pub struct ServerConfig {
    /// Accept `POST /api/ingest`; with `None`, the API is read-only.
    pub ingest: Option<Analyzer>,
    /// Largest request body, in bytes.
    pub max_body: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            ingest: None,
            max_body: DEFAULT_MAX_BODY,
        }
    }
}

impl std::fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerConfig")
            .field("ingest", &self.ingest.is_some())
            .field("max_body", &self.max_body)
            .finish()
    }
}

/// A few store connections, each used by one blocking task at a time.
pub struct StorePool {
    stores: Vec<Mutex<Box<dyn Store>>>,
    next: AtomicUsize,
    backend: &'static str,
}

impl StorePool {
    /// A pool over these connections (at least one).
    pub fn new(stores: Vec<Box<dyn Store>>) -> Result<Self, ServeError> {
        let backend = stores
            .first()
            .map(|s| s.backend())
            .ok_or_else(|| ServeError::Invalid("a store pool needs a connection".into()))?;
        Ok(StorePool {
            stores: stores.into_iter().map(Mutex::new).collect(),
            next: AtomicUsize::new(0),
            backend,
        })
    }

    /// `connections` connections to the store at `location` (a SQLite path or a
    /// `postgres://` URL).
    pub fn open(location: &str, connections: usize) -> Result<Self, ServeError> {
        let mut stores = Vec::new();
        for _ in 0..connections.max(1) {
            stores.push(newsgraph_store::open(location)?);
        }
        StorePool::new(stores)
    }

    pub fn backend(&self) -> &'static str {
        self.backend
    }

    /// A free connection, or (when all are busy) the next one in turn, waited for.
    fn acquire(&self) -> MutexGuard<'_, Box<dyn Store>> {
        for store in &self.stores {
            if let Ok(guard) = store.try_lock() {
                return guard;
            }
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.stores.len();
        // A panic while a connection was held leaves it usable (each call is a statement or
        // a transaction of its own), so a poisoned lock is taken over.
        self.stores[i]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pool: Arc<StorePool>,
    config: ServerConfig,
}

impl AppState {
    pub fn new(pool: StorePool, config: ServerConfig) -> Self {
        AppState {
            pool: Arc::new(pool),
            config,
        }
    }

    /// Run `f` against a store connection on the blocking pool.
    async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Store) -> Result<T, ApiError> + Send + 'static,
    {
        let pool = Arc::clone(&self.pool);
        tokio::task::spawn_blocking(move || {
            let mut store = pool.acquire();
            f(store.as_mut())
        })
        .await
        .map_err(|e| ApiError::internal(format!("query task failed: {e}")))?
    }
}

/// The whole application: the API under `/api` and the UI at `/`.
pub fn router(state: AppState) -> Router {
    let max_body = state.config.max_body;
    api::routes(max_body)
        .merge(ui::routes())
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn(error::limits_and_json_errors))
        .with_state(state)
}

/// Serve `app` on `listener` until Ctrl-C (or SIGTERM), on a Tokio runtime of its own.
/// `on_ready` is called with the bound address once the server accepts connections.
pub fn serve_blocking(
    addr: &str,
    app: Router,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        on_ready(listener.local_addr()?);
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        Ok(())
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
