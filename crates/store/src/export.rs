//! Exports of a store: JSONL, CSV, GDELT 2.0 events, GKG 2.1, PLOVER JSON, and the actor
//! network as GraphML or GEXF. `docs/exports.md` says field by field what each holds.

use std::io::Write;

use newsgraph_core::{Document, EntityType};

use crate::types::*;
use crate::{Result, Store};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One stored document (the full analysis) per line.
    Jsonl,
    /// One table as CSV (see [`CsvTable`]).
    Csv,
    /// GDELT 2.0 Event table, tab-separated, one row per merged event.
    GdeltEvents,
    /// GDELT GKG 2.1, tab-separated, one row per article.
    Gkg,
    /// PLOVER events as JSON lines, one per event report.
    Plover,
    /// The actor network as GraphML.
    Graphml,
    /// The actor network as GEXF 1.3.
    Gexf,
}

/// The table a CSV export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvTable {
    Articles,
    Entities,
    Quotes,
    Events,
    Stories,
}

/// Export options.
#[derive(Debug, Clone, Copy)]
pub struct ExportOptions {
    pub format: ExportFormat,
    pub table: CsvTable,
    /// Least edge weight kept in the actor network.
    pub min_weight: u64,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            format: ExportFormat::Jsonl,
            table: CsvTable::Articles,
            min_weight: 1,
        }
    }
}

const PAGE: u64 = 500;

/// Write the store in `options.format` to `out`; returns the number of records written.
pub fn export(store: &mut dyn Store, options: &ExportOptions, out: &mut dyn Write) -> Result<u64> {
    match options.format {
        ExportFormat::Jsonl => for_documents(store, |d| {
            serde_json::to_writer(&mut *out, d)?;
            out.write_all(b"\n")?;
            Ok(())
        }),
        ExportFormat::Csv => csv(store, options.table, out),
        ExportFormat::GdeltEvents => gdelt_events(store, out),
        ExportFormat::Gkg => {
            let mut n = 0;
            for_documents(store, |d| {
                n += 1;
                gkg_row(d, n, out)
            })
        }
        ExportFormat::Plover => for_events(store, false, |e| {
            serde_json::to_writer(&mut *out, &plover(e))?;
            out.write_all(b"\n")?;
            Ok(())
        }),
        ExportFormat::Graphml => {
            let network = store.network(options.min_weight)?;
            graphml(&network, out)?;
            Ok((network.nodes.len() + network.edges.len()) as u64)
        }
        ExportFormat::Gexf => {
            let network = store.network(options.min_weight)?;
            gexf(&network, out)?;
            Ok((network.nodes.len() + network.edges.len()) as u64)
        }
    }
}

fn for_documents(
    store: &mut dyn Store,
    mut each: impl FnMut(&Document) -> Result<()>,
) -> Result<u64> {
    let mut after = 0;
    let mut n = 0;
    loop {
        let page = store.documents(after, PAGE as usize)?;
        let Some((last, _)) = page.last() else {
            return Ok(n);
        };
        after = *last;
        for (_, document) in &page {
            each(document)?;
            n += 1;
        }
    }
}

fn for_events(
    store: &mut dyn Store,
    merged: bool,
    mut each: impl FnMut(&EventRow) -> Result<()>,
) -> Result<u64> {
    let mut n = 0;
    let mut offset = 0;
    loop {
        let filter = EventFilter {
            page: Page {
                limit: PAGE,
                offset,
            },
            ..EventFilter::default()
        };
        let page = if merged {
            store.merged_events(&filter)?
        } else {
            store.events(&filter)?
        };
        if page.is_empty() {
            return Ok(n);
        }
        offset += page.len() as u64;
        for event in &page {
            each(event)?;
            n += 1;
        }
    }
}

/// A CSV field, quoted when it must be (RFC 4180).
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

fn csv_line(out: &mut dyn Write, fields: &[String]) -> Result<()> {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.write_all(line.join(",").as_bytes())?;
    out.write_all(b"\r\n")?;
    Ok(())
}

fn opt<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn csv(store: &mut dyn Store, table: CsvTable, out: &mut dyn Write) -> Result<u64> {
    let header = |out: &mut dyn Write, names: &[&str]| {
        csv_line(
            out,
            &names.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )
    };
    match table {
        CsvTable::Articles => {
            header(
                out,
                &[
                    "id",
                    "published",
                    "source",
                    "title",
                    "url",
                    "byline",
                    "language",
                    "input",
                    "duplicate_of",
                    "entities",
                    "quotes",
                    "events",
                    "words",
                ],
            )?;
            for_documents(store, |d| {
                let a = &d.article;
                csv_line(
                    out,
                    &[
                        a.id.clone(),
                        opt(&a.published),
                        opt(&a.source),
                        opt(&a.title),
                        opt(&a.url),
                        opt(&a.byline),
                        opt(&a.language),
                        a.origin.as_ref().map(|o| o.to_string()).unwrap_or_default(),
                        a.duplicate_of
                            .as_ref()
                            .map(|l| l.id.clone())
                            .unwrap_or_default(),
                        d.entities.len().to_string(),
                        d.quotes.len().to_string(),
                        d.events.len().to_string(),
                        a.text.split_whitespace().count().to_string(),
                    ],
                )
            })
        }
        CsvTable::Entities => {
            header(
                out,
                &["id", "name", "type", "mentions", "articles", "aliases"],
            )?;
            let mut n = 0;
            let mut offset = 0;
            loop {
                let page = store.list_entities(Page {
                    limit: PAGE,
                    offset,
                })?;
                if page.is_empty() {
                    return Ok(n);
                }
                offset += page.len() as u64;
                for e in page {
                    csv_line(
                        out,
                        &[
                            e.id.to_string(),
                            e.name,
                            e.entity_type,
                            e.mentions.to_string(),
                            e.articles.to_string(),
                            e.aliases.join("; "),
                        ],
                    )?;
                    n += 1;
                }
            }
        }
        CsvTable::Quotes => {
            header(
                out,
                &[
                    "article_id",
                    "index",
                    "kind",
                    "speaker",
                    "speaker_entity",
                    "source",
                    "cue",
                    "content",
                    "title",
                    "published",
                ],
            )?;
            let mut n = 0;
            let mut offset = 0;
            loop {
                let page = store.quotes(&QuoteFilter {
                    page: Page {
                        limit: PAGE,
                        offset,
                    },
                    ..QuoteFilter::default()
                })?;
                if page.is_empty() {
                    return Ok(n);
                }
                offset += page.len() as u64;
                for q in page {
                    csv_line(
                        out,
                        &[
                            q.article_id,
                            q.index.to_string(),
                            q.kind,
                            opt(&q.speaker),
                            opt(&q.speaker_entity),
                            opt(&q.source),
                            opt(&q.cue),
                            q.content,
                            opt(&q.title),
                            opt(&q.published),
                        ],
                    )?;
                    n += 1;
                }
            }
        }
        CsvTable::Events => {
            header(
                out,
                &[
                    "article_id",
                    "index",
                    "date",
                    "type",
                    "cameo",
                    "mode",
                    "source",
                    "source_country",
                    "target",
                    "target_country",
                    "place",
                    "place_country",
                    "lat",
                    "lon",
                    "intensity",
                    "quad_class",
                    "event_id",
                    "num_mentions",
                    "num_articles",
                    "num_sources",
                    "evidence",
                ],
            )?;
            for_events(store, false, |e| {
                csv_line(
                    out,
                    &[
                        e.article_id.clone(),
                        e.index.to_string(),
                        opt(&e.date),
                        e.event_type.clone(),
                        opt(&e.cameo),
                        e.mode.clone(),
                        opt(&e.source),
                        opt(&e.source_country),
                        opt(&e.target),
                        opt(&e.target_country),
                        opt(&e.place),
                        opt(&e.place_country),
                        opt(&e.lat),
                        opt(&e.lon),
                        e.intensity.to_string(),
                        e.quad_class.clone(),
                        e.cluster.to_string(),
                        e.num_mentions.to_string(),
                        e.num_articles.to_string(),
                        e.num_sources.to_string(),
                        e.evidence.clone(),
                    ],
                )
            })
        }
        CsvTable::Stories => {
            header(out, &["id", "label", "articles", "first", "last", "terms"])?;
            let mut n = 0;
            let mut offset = 0;
            loop {
                let page = store.stories(&StoryFilter {
                    page: Page {
                        limit: PAGE,
                        offset,
                    },
                    ..StoryFilter::default()
                })?;
                if page.is_empty() {
                    return Ok(n);
                }
                offset += page.len() as u64;
                for s in page {
                    csv_line(
                        out,
                        &[
                            s.id.to_string(),
                            s.label,
                            s.articles.to_string(),
                            opt(&s.first),
                            opt(&s.last),
                            s.terms.join(" "),
                        ],
                    )?;
                    n += 1;
                }
            }
        }
    }
}

/// Tabs and line breaks cannot appear inside a TSV field.
fn tsv(value: &str) -> String {
    value.replace(['\t', '\n', '\r'], " ")
}

/// GDELT's quad class number.
pub fn quad_class_number(quad: &str) -> &'static str {
    match quad {
        "verbal_cooperation" => "1",
        "material_cooperation" => "2",
        "verbal_conflict" => "3",
        "material_conflict" => "4",
        _ => "",
    }
}

/// The ten GDELT actor fields: code, name, country, known group, ethnic, religion ×2,
/// type ×3.
fn gdelt_actor(
    name: &Option<String>,
    country: &Option<String>,
    sectors: &Option<String>,
) -> Vec<String> {
    let sectors: Vec<&str> = sectors
        .as_deref()
        .map(|s| s.split_whitespace().collect())
        .unwrap_or_default();
    let country = country.clone().unwrap_or_default();
    let code = format!("{country}{}", sectors.concat());
    let mut fields = vec![
        code,
        name.as_deref()
            .map(|n| tsv(&n.to_uppercase()))
            .unwrap_or_default(),
        country,
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ];
    for i in 0..3 {
        fields.push(sectors.get(i).map(|s| s.to_string()).unwrap_or_default());
    }
    fields
}

/// The eight GDELT geography fields of a place.
fn gdelt_geo(e: &EventRow) -> Vec<String> {
    let geo_type = if e.lat.is_some() {
        "4"
    } else if e.place_country.is_some() {
        "1"
    } else if e.place.is_some() {
        "4"
    } else {
        "0"
    };
    vec![
        geo_type.to_string(),
        e.place.as_deref().map(tsv).unwrap_or_default(),
        opt(&e.place_country),
        String::new(),
        String::new(),
        opt(&e.lat),
        opt(&e.lon),
        String::new(),
    ]
}

fn compact_date(date: Option<&str>) -> String {
    date.map(|d| d.get(..10).unwrap_or(d).replace('-', ""))
        .unwrap_or_default()
}

fn gdelt_events(store: &mut dyn Store, out: &mut dyn Write) -> Result<u64> {
    for_events(store, true, |e| {
        let date = compact_date(e.date.as_deref().or(e.published.as_deref()));
        let (year, month) = (date.get(..4).unwrap_or(""), date.get(..6).unwrap_or(""));
        let fraction = newsgraph_resolve::day_number(e.date.as_deref().unwrap_or(""))
            .and_then(|_| {
                let y: f64 = year.parse().ok()?;
                let m: f64 = date.get(4..6)?.parse().ok()?;
                let d: f64 = date.get(6..8)?.parse().ok()?;
                Some(y + ((m - 1.0) * 30.0 + d) / 365.0)
            })
            .map(|f| format!("{f:.4}"))
            .unwrap_or_default();
        let cameo = e.cameo.clone().unwrap_or_default();
        let mut fields = vec![
            e.cluster.to_string(),
            date.clone(),
            month.to_string(),
            year.to_string(),
            fraction,
        ];
        fields.extend(gdelt_actor(&e.source, &e.source_country, &e.source_sectors));
        fields.extend(gdelt_actor(&e.target, &e.target_country, &e.target_sectors));
        fields.extend([
            "0".to_string(),
            cameo.clone(),
            cameo.get(..3).unwrap_or(&cameo).to_string(),
            cameo.get(..2).unwrap_or(&cameo).to_string(),
            quad_class_number(&e.quad_class).to_string(),
            format!("{:.1}", e.intensity),
            e.num_mentions.to_string(),
            e.num_sources.to_string(),
            e.num_articles.to_string(),
            String::new(),
        ]);
        // Actor1 and Actor2 geography: the action's place (we locate events, not actors).
        let geo = gdelt_geo(e);
        fields.extend(geo.iter().cloned());
        fields.extend(geo.iter().cloned());
        fields.extend(geo);
        fields.push(format!(
            "{}000000",
            compact_date(e.published.as_deref().or(e.date.as_deref()))
        ));
        fields.push(
            e.url
                .clone()
                .unwrap_or_else(|| format!("newsgraph:article:{}", e.article_id)),
        );
        debug_assert_eq!(fields.len(), 61);
        out.write_all(fields.join("\t").as_bytes())?;
        out.write_all(b"\n")?;
        Ok(())
    })
}

/// Character offset of a byte offset (GKG counts characters).
fn char_offset(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |t| t.chars().count())
}

fn gkg_row(d: &Document, n: u64, out: &mut dyn Write) -> Result<()> {
    let a = &d.article;
    let text = &a.text;
    let date = format!("{}000000", compact_date(a.published.as_deref()));
    let names = |t: EntityType| -> (String, String) {
        let mut v1: Vec<String> = Vec::new();
        let mut v2: Vec<String> = Vec::new();
        for e in d.entities.iter().filter(|e| e.entity_type == t) {
            let name = tsv(&e.name).replace([';', ','], " ");
            if !v1.contains(&name) {
                v1.push(name.clone());
            }
            for m in e.mentions.iter().filter_map(|&i| d.mentions.get(i)) {
                v2.push(format!("{name},{}", char_offset(text, m.span.start)));
            }
        }
        (v1.join(";"), v2.join(";"))
    };
    let (persons, persons2) = names(EntityType::Person);
    let (orgs, orgs2) = names(EntityType::Org);
    let mut locations = Vec::new();
    let mut locations2 = Vec::new();
    for p in &d.places {
        let name = tsv(p.name.as_deref().unwrap_or(&p.text)).replace(['#', ';'], " ");
        let geo_type = if p.lat.is_some() {
            4
        } else if p.country_alpha2.is_some() {
            1
        } else {
            4
        };
        let fields = format!(
            "{geo_type}#{name}#{}#{}#{}#{}#{}",
            opt(&p.country_alpha2),
            opt(&p.admin1),
            opt(&p.lat),
            opt(&p.lon),
            opt(&p.geonames_id)
        );
        locations2.push(format!(
            "{geo_type}#{name}#{}#{}##{}#{}#{}#{}",
            opt(&p.country_alpha2),
            opt(&p.admin1),
            opt(&p.lat),
            opt(&p.lon),
            opt(&p.geonames_id),
            char_offset(text, p.span.start)
        ));
        if !locations.contains(&fields) {
            locations.push(fields);
        }
    }
    let themes: Vec<String> = d.themes.iter().map(|t| tsv(&t.code)).collect();
    let themes2: Vec<String> = d
        .themes
        .iter()
        .flat_map(|t| t.evidence.iter().map(move |s| (t, s)))
        .map(|(t, s)| format!("{},{}", tsv(&t.code), char_offset(text, s.start)))
        .collect();
    let tone = d
        .tone
        .as_ref()
        .map(|t| {
            format!(
                "{},{},{},{},0,0,{}",
                t.score, t.positive, t.negative, t.polarity, t.word_count
            )
        })
        .unwrap_or_default();
    let dates: Vec<String> = d
        .times
        .iter()
        .filter_map(|t| {
            let value = t.value.as_deref()?;
            let (y, m, day) = (
                value.get(..4)?,
                value.get(5..7).unwrap_or("0"),
                value.get(8..10).unwrap_or("0"),
            );
            let resolution = if value.len() >= 10 {
                4
            } else if value.len() >= 7 {
                2
            } else {
                1
            };
            y.parse::<u32>().ok()?;
            Some(format!(
                "{resolution}#{m}#{day}#{y}#{}",
                char_offset(text, t.span.start)
            ))
        })
        .collect();
    let quotes: Vec<String> = d
        .quotes
        .iter()
        .filter(|q| q.kind != newsgraph_core::QuoteKind::Scare)
        .map(|q| {
            let verb = q.cue.map(|c| d.evidence(c)).unwrap_or("");
            format!(
                "{}|{}|{}|{}",
                char_offset(text, q.content.start),
                q.content_text.chars().count(),
                tsv(verb).replace(['|', '#'], " "),
                tsv(&q.content_text).replace(['|', '#'], " ")
            )
        })
        .collect();
    let all_names: Vec<String> = d
        .mentions
        .iter()
        .map(|m| {
            format!(
                "{},{}",
                tsv(&m.text).replace([';', ','], " "),
                char_offset(text, m.span.start)
            )
        })
        .collect();
    let amounts: Vec<String> = d
        .amounts
        .iter()
        .filter_map(|x| {
            let value = x.value?;
            Some(format!(
                "{value},{},{}",
                tsv(x.counted.as_deref().unwrap_or("")).replace([',', ';'], " "),
                char_offset(text, x.span.start)
            ))
        })
        .collect();
    let counts: Vec<String> = d
        .amounts
        .iter()
        .filter(|x| x.kind == newsgraph_core::AmountKind::Count)
        .filter_map(|x| {
            Some(format!(
                "{}#{}#{}#######",
                "COUNT",
                x.value?,
                tsv(x.counted.as_deref().unwrap_or("")).replace(['#', ';'], " ")
            ))
        })
        .collect();
    let counts2: Vec<String> = d
        .amounts
        .iter()
        .filter(|x| x.kind == newsgraph_core::AmountKind::Count)
        .filter_map(|x| {
            Some(format!(
                "{}#{}#{}#########{}",
                "COUNT",
                x.value?,
                tsv(x.counted.as_deref().unwrap_or("")).replace(['#', ';'], " "),
                char_offset(text, x.span.start)
            ))
        })
        .collect();
    let fields = [
        format!("{}-{n}", date),
        date.clone(),
        "1".to_string(),
        tsv(a.source.as_deref().or(a.site_name.as_deref()).unwrap_or("")),
        tsv(a
            .url
            .as_deref()
            .map_or_else(|| format!("newsgraph:article:{}", a.id), str::to_string)
            .as_str()),
        counts.join(";"),
        counts2.join(";"),
        themes.join(";"),
        themes2.join(";"),
        locations.join(";"),
        locations2.join(";"),
        persons,
        persons2,
        orgs,
        orgs2,
        tone,
        dates.join(";"),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        quotes.join("#"),
        all_names.join(";"),
        amounts.join(";"),
        String::new(),
        format!(
            "<PAGE_TITLE>{}</PAGE_TITLE>",
            xml(&tsv(a.title.as_deref().unwrap_or("")))
        ),
    ];
    out.write_all(fields.join("\t").as_bytes())?;
    out.write_all(b"\n")?;
    Ok(())
}

/// A PLOVER event record (JSON).
fn plover(e: &EventRow) -> serde_json::Value {
    let actor = |name: &Option<String>, country: &Option<String>, sectors: &Option<String>| {
        serde_json::json!({
            "name": name,
            "country": country,
            "sectors": sectors.as_deref().map(|s| s.split_whitespace().collect::<Vec<_>>()).unwrap_or_default(),
        })
    };
    serde_json::json!({
        "id": format!("{}:{}", e.article_id, e.index),
        "event_id": e.cluster,
        "date": e.date,
        "event_type": e.event_type,
        "mode": e.mode,
        "cameo": e.cameo,
        "quad_class": quad_class_number(&e.quad_class).parse::<u8>().ok(),
        "intensity": e.intensity,
        "source_actor": actor(&e.source, &e.source_country, &e.source_sectors),
        "target_actor": actor(&e.target, &e.target_country, &e.target_sectors),
        "location": {"name": e.place, "country": e.place_country, "lat": e.lat, "lon": e.lon},
        "text": e.evidence,
        "confidence": e.confidence,
        "article": {"id": e.article_id, "url": e.url, "source": e.outlet, "published": e.published},
        "num_mentions": e.num_mentions,
        "num_articles": e.num_articles,
        "num_sources": e.num_sources,
    })
}

/// XML text or attribute escaping.
fn xml(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn graphml(network: &Network, out: &mut dyn Write) -> Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    writeln!(
        out,
        r#"  <key id="name" for="node" attr.name="name" attr.type="string"/>"#
    )?;
    writeln!(
        out,
        r#"  <key id="type" for="node" attr.name="type" attr.type="string"/>"#
    )?;
    writeln!(
        out,
        r#"  <key id="mentions" for="node" attr.name="mentions" attr.type="long"/>"#
    )?;
    writeln!(
        out,
        r#"  <key id="articles" for="node" attr.name="articles" attr.type="long"/>"#
    )?;
    writeln!(
        out,
        r#"  <key id="kind" for="edge" attr.name="kind" attr.type="string"/>"#
    )?;
    writeln!(
        out,
        r#"  <key id="label" for="edge" attr.name="label" attr.type="string"/>"#
    )?;
    writeln!(
        out,
        r#"  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>"#
    )?;
    writeln!(out, r#"  <graph id="actors" edgedefault="undirected">"#)?;
    for n in &network.nodes {
        writeln!(
            out,
            r#"    <node id="n{}"><data key="name">{}</data><data key="type">{}</data><data key="mentions">{}</data><data key="articles">{}</data></node>"#,
            n.id,
            xml(&n.name),
            xml(&n.entity_type),
            n.mentions,
            n.articles
        )?;
    }
    for (i, e) in network.edges.iter().enumerate() {
        let directed = if e.kind == "event" { "true" } else { "false" };
        write!(
            out,
            r#"    <edge id="e{i}" source="n{}" target="n{}" directed="{directed}"><data key="kind">{}</data>"#,
            e.source,
            e.target,
            xml(&e.kind)
        )?;
        if let Some(label) = &e.label {
            write!(out, r#"<data key="label">{}</data>"#, xml(label))?;
        }
        writeln!(out, r#"<data key="weight">{}</data></edge>"#, e.weight)?;
    }
    writeln!(out, "  </graph>\n</graphml>")?;
    Ok(())
}

fn gexf(network: &Network, out: &mut dyn Write) -> Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<gexf xmlns="http://gexf.net/1.3" version="1.3">"#)?;
    writeln!(
        out,
        r#"  <meta><creator>newsgraph</creator><description>actor network: co-occurrence and events</description></meta>"#
    )?;
    writeln!(
        out,
        r#"  <graph mode="static" defaultedgetype="undirected">"#
    )?;
    writeln!(
        out,
        r#"    <attributes class="node"><attribute id="type" title="type" type="string"/><attribute id="mentions" title="mentions" type="long"/><attribute id="articles" title="articles" type="long"/></attributes>"#
    )?;
    writeln!(
        out,
        r#"    <attributes class="edge"><attribute id="kind" title="kind" type="string"/></attributes>"#
    )?;
    writeln!(out, "    <nodes>")?;
    for n in &network.nodes {
        writeln!(
            out,
            r#"      <node id="{}" label="{}"><attvalues><attvalue for="type" value="{}"/><attvalue for="mentions" value="{}"/><attvalue for="articles" value="{}"/></attvalues></node>"#,
            n.id,
            xml(&n.name),
            xml(&n.entity_type),
            n.mentions,
            n.articles
        )?;
    }
    writeln!(out, "    </nodes>\n    <edges>")?;
    for (i, e) in network.edges.iter().enumerate() {
        let kind = if e.kind == "event" {
            "directed"
        } else {
            "undirected"
        };
        let label = e
            .label
            .as_deref()
            .map(|l| format!(r#" label="{}""#, xml(l)))
            .unwrap_or_default();
        writeln!(
            out,
            r#"      <edge id="{i}" source="{}" target="{}" type="{kind}" weight="{}"{label}><attvalues><attvalue for="kind" value="{}"/></attvalues></edge>"#,
            e.source,
            e.target,
            e.weight,
            xml(&e.kind)
        )?;
    }
    writeln!(out, "    </edges>\n  </graph>\n</gexf>")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(xml("AT&T <\"x\">"), "AT&amp;T &lt;&quot;x&quot;&gt;");
        assert_eq!(char_offset("é a", 3), 2);
    }
}
