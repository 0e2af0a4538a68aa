//! `newsgraph eval geo`: toponym recognition and resolution against LGL / TR-News or GeoVirus
//! XML.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use newsgraph_core::{PlaceRole, Span};
use newsgraph_eval::geo::{self, GeoReport, PredictedToponym};
use rayon::prelude::*;

use crate::models::{self, EvalOutput as Report};

#[derive(Args)]
pub struct GeoArgs {
    /// Gold XML file (LGL / TR-News `<toponym>` format or GeoVirus `<location>` format).
    #[arg(long)]
    pub gold: PathBuf,
    /// Models directory (the recogniser finds the toponyms end to end).
    #[arg(long, default_value = models::DEFAULT_MODELS_DIR)]
    pub models: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also list, on stderr, every gold toponym resolved more than 161 km off (given the gold
    /// spans), and end to end every gold toponym missed or found with other bounds and every
    /// predicted one not in the gold, with the recogniser's mentions over it and its tags.
    #[arg(long)]
    pub errors: bool,
}

/// Score a gold file: resolution given the gold spans, and recognition plus resolution end
/// to end through the pipeline.
pub fn evaluate(gold: &Path, models_dir: &Path, errors: bool) -> Result<Report> {
    let articles = geo::read_xml(gold).with_context(|| format!("reading {}", gold.display()))?;
    // The tokens are kept for the error listing (their tags).
    let options = newsgraph_analyze::AnalyzeOptions { tokens: errors };
    let pipeline = models::load_pipeline(options, Some(models_dir))?;
    let results: Vec<(geo::Distances, geo::EndToEnd)> = articles
        .par_iter()
        .map(|article| {
            let spans: Vec<Span> = article.toponyms.iter().map(|t| t.span).collect();
            let resolved = newsgraph_geo::resolve_spans(&article.text, &spans);
            let points: Vec<Option<(f64, f64)>> = resolved
                .iter()
                .map(|r| r.map(|r| (f64::from(r.entry.lat), f64::from(r.entry.lon))))
                .collect();
            if errors {
                let mut out = String::new();
                for ((t, r), p) in article.toponyms.iter().zip(&resolved).zip(&points) {
                    let (Some(g), Some(p)) = (t.point, p) else {
                        if t.point.is_some() && p.is_none() {
                            out.push_str(&format!("{}\t{}\tunresolved\n", article.id, t.name));
                        }
                        continue;
                    };
                    let km = geo::distance_km(g, *p);
                    if km > geo::CORRECT_KM {
                        let e = r.map(|r| r.entry);
                        out.push_str(&format!(
                            "{}\t{}\t{:.0} km\tgot {} {} {} {:?}\n",
                            article.id,
                            t.name,
                            km,
                            e.map_or("", |e| &*e.name),
                            e.map_or("", |e| &*e.country),
                            e.map_or("", |e| &*e.admin1),
                            e.map(|e| e.feature),
                        ));
                    }
                }
                eprint!("{out}");
            }
            let distances = geo::resolution_distances(&article.toponyms, &points);
            let document =
                pipeline.analyze(newsgraph_core::Article::from_text(article.text.clone()));
            let predicted: Vec<PredictedToponym> = document
                .places
                .iter()
                .filter(|p| p.role != PlaceRole::Associated)
                .map(|p| PredictedToponym {
                    span: p.span,
                    point: p.lat.zip(p.lon),
                })
                .collect();
            if errors {
                let overlaps = |a: Span, b: Span| a.start < b.end && b.start < a.end;
                let mut out = String::new();
                // What the recogniser and the tagger made of a span: its overlapping
                // mentions ("ORG:Texas Rangers") and the Penn tags of its tokens.
                let analysis = |span: Span| {
                    let mentions: Vec<String> = document
                        .mentions
                        .iter()
                        .filter(|m| overlaps(m.span, span))
                        .map(|m| format!("{:?}:{}", m.entity_type, m.text))
                        .collect();
                    let tags: Vec<&str> = document
                        .tokens
                        .iter()
                        .filter(|k| overlaps(k.span, span))
                        .map(|k| k.xpos.as_deref().unwrap_or("?"))
                        .collect();
                    format!("{}\t{}", mentions.join("|"), tags.join(" "))
                };
                for t in &article.toponyms {
                    let exact = predicted.iter().any(|p| p.span == t.span);
                    let partial = predicted.iter().find(|p| overlaps(p.span, t.span));
                    if !exact {
                        let kind = match partial {
                            Some(p) => format!(
                                "partial[{}]",
                                article.text.get(p.span.start..p.span.end).unwrap_or("")
                            ),
                            None => "missed".to_string(),
                        };
                        out.push_str(&format!(
                            "{}\t{}\t{}\t{}\n",
                            article.id,
                            t.name,
                            kind,
                            analysis(t.span)
                        ));
                    }
                }
                for p in &predicted {
                    if !article.toponyms.iter().any(|t| overlaps(p.span, t.span)) {
                        let text = article.text.get(p.span.start..p.span.end).unwrap_or("");
                        out.push_str(&format!(
                            "{}\t{}\tspurious\t{}\n",
                            article.id,
                            text,
                            analysis(p.span)
                        ));
                    }
                }
                eprint!("{out}");
            }
            (distances, geo::end_to_end(&article.toponyms, &predicted))
        })
        .collect();
    let report = GeoReport::from_articles(results);
    Ok(Report {
        table: report.to_table(),
        json: serde_json::to_value(&report)?,
    })
}
