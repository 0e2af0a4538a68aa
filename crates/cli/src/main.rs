//! `newsgraph`: turn news reports into a sourced record of who did what to whom.

mod bench;
mod eval;
mod extract;
mod ingest;
mod memory;
mod models;
mod query;
mod render;
mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

/// mimalloc: the extractor and the NLP layers allocate many small short-lived objects (DOM
/// nodes, tokens), where it is markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "newsgraph", version, about, long_about = None)]
struct Cli {
    /// More log output (-v: debug, -vv: trace). RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    /// Only errors on standard error.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles and write one JSON document per article.
    Extract(extract::ExtractArgs),
    /// Score newsgraph against gold data.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Measure the pipeline's speed and memory on a corpus.
    Bench(bench::BenchArgs),
    /// Train a model from gold data.
    #[command(subcommand)]
    Train(models::TrainCommand),
    /// Analyse articles and store them, resolved across articles, in a knowledge store.
    Ingest(ingest::IngestArgs),
    #[command(flatten)]
    Query(query::QueryCommand),
    /// Serve the HTTP JSON API and the web UI over a store.
    Serve(serve::ServeArgs),
}

fn main() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
    init_logging(cli.verbose, cli.quiet);
    let result = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Eval(command) => eval::run(command),
        Command::Bench(args) => bench::run(args),
        Command::Train(command) => models::train(command),
        Command::Ingest(args) => ingest::run(args),
        Command::Query(command) => query::run(command),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Die quietly on a closed pipe (`newsgraph search … | head`), as Unix command-line tools do,
/// instead of panicking in `println!` with "Broken pipe".
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any thread is started; SIG_DFL is a valid
    // disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn init_logging(verbose: u8, quiet: bool) {
    let default = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "debug",
        (false, _) => "trace",
    };
    // The HTML parser and the main-text extractor log every quirk of every page; their
    // warnings are noise to users (a page that cannot be read is an error record anyway).
    let default = format!("{default},html5ever=error,scraper=error,trafilatura=error");
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .without_time()
        .init();
}
