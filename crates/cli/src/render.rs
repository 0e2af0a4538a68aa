//! The `--format text` view: a document as people read it.

use std::io::{self, Write};

use newsgraph_core::{AmountKind, Document, EventMode, QuoteKind, SentenceKind, Span};

/// Collapse whitespace so that a span prints on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cite(document: &Document, span: Span) -> String {
    one_line(document.evidence(span))
}

pub fn document_text(out: &mut impl Write, document: &Document) -> io::Result<()> {
    let article = &document.article;
    let heading = article
        .title
        .as_deref()
        .or(article.origin.as_ref().map(|o| o.input.as_str()))
        .unwrap_or("(untitled)");
    write!(out, "=== {heading}")?;
    for value in [&article.source, &article.published, &article.url]
        .into_iter()
        .flatten()
    {
        write!(out, " · {value}")?;
    }
    writeln!(out, " · id {}", article.id)?;

    let mut paragraph = usize::MAX;
    for sentence in &document.sentences {
        if sentence.paragraph != paragraph && paragraph != usize::MAX {
            writeln!(out)?;
        }
        paragraph = sentence.paragraph;
        let marker = match sentence.kind {
            SentenceKind::Headline => "# ",
            SentenceKind::ListItem => "• ",
            SentenceKind::Body => "",
        };
        writeln!(
            out,
            "[{}] {marker}{}",
            sentence.index,
            cite(document, sentence.span)
        )?;
    }

    if !document.entities.is_empty() {
        writeln!(out, "\nEntities:")?;
        for entity in &document.entities {
            write!(
                out,
                "  {:<6} {} ×{}",
                entity.entity_type.as_str(),
                entity.name,
                entity.mentions.len()
            )?;
            if !entity.aliases.is_empty() {
                write!(out, " (also: {})", entity.aliases.join(", "))?;
            }
            writeln!(out)?;
        }
    } else if !document.mentions.is_empty() {
        writeln!(out, "\nEntity mentions:")?;
        for mention in &document.mentions {
            writeln!(
                out,
                "  {:<6} {}",
                mention.entity_type.as_str(),
                one_line(&mention.text)
            )?;
        }
    }

    if !document.quotes.is_empty() {
        writeln!(out, "\nQuotes:")?;
        for quote in &document.quotes {
            let speaker = quote
                .speaker
                .and_then(|i| document.entities.get(i))
                .map(|e| e.name.clone())
                .or_else(|| quote.source.map(|s| cite(document, s)))
                .unwrap_or_else(|| "(unattributed)".to_string());
            let kind = match quote.kind {
                QuoteKind::Direct => "",
                QuoteKind::Indirect => " (reported)",
                QuoteKind::Mixed => " (reported, partly quoted)",
                QuoteKind::Scare => " (scare quote)",
            };
            writeln!(
                out,
                "  {speaker}: «{}»{kind}",
                one_line(&quote.content_text)
            )?;
        }
    }

    if !document.places.is_empty() {
        writeln!(out, "\nPlaces:")?;
        for place in &document.places {
            write!(out, "  {}", one_line(&place.text))?;
            if let (Some(name), Some(lat), Some(lon)) = (&place.name, place.lat, place.lon) {
                write!(out, " → {name} ({lat:.3}, {lon:.3})")?;
            }
            if let Some(country) = &place.country_alpha3 {
                write!(out, " {country}")?;
            }
            writeln!(out)?;
        }
    }

    if !document.times.is_empty() {
        writeln!(out, "\nTimes:")?;
        for time in &document.times {
            write!(
                out,
                "  {:<8} {} → {}",
                time.time_type.as_str(),
                one_line(&time.text),
                time.value.as_deref().unwrap_or("?")
            )?;
            if let Some(anchor) = &time.anchor {
                write!(out, " ({anchor})")?;
            }
            writeln!(out)?;
        }
    }

    if !document.amounts.is_empty() {
        writeln!(out, "\nAmounts:")?;
        for amount in &document.amounts {
            let kind = match amount.kind {
                AmountKind::Count => "count",
                AmountKind::Money => "money",
                AmountKind::Percent => "percent",
                AmountKind::Measure => "measure",
            };
            write!(out, "  {kind:<8} {}", one_line(&amount.text))?;
            let value = amount.value.map(|v| format!("{v}"));
            let parts: Vec<&str> = [value.as_deref(), amount.unit.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if !parts.is_empty() {
                write!(out, " = {}", parts.join(" "))?;
            }
            if let Some(counted) = &amount.counted {
                write!(out, " × {counted}")?;
            }
            writeln!(out)?;
        }
    }

    if !document.events.is_empty() {
        writeln!(out, "\nEvents:")?;
        for event in &document.events {
            // "the junta [TCD GOV MIL]": the words, then the actor code when there is one.
            let actor = |a: &Option<newsgraph_core::Actor>| {
                a.as_ref()
                    .map(|a| {
                        let code: Vec<&str> = a
                            .country
                            .iter()
                            .map(String::as_str)
                            .chain(
                                a.sectors
                                    .iter()
                                    .map(String::as_str)
                                    .filter(|s| Some(*s) != a.country.as_deref()),
                            )
                            .collect();
                        if code.is_empty() {
                            one_line(&a.text)
                        } else {
                            format!("{} [{}]", one_line(&a.text), code.join(" "))
                        }
                    })
                    .unwrap_or_else(|| "?".to_string())
            };
            let mode = match event.mode {
                EventMode::Asserted => String::new(),
                other => format!(
                    "({})",
                    serde_json::to_value(other)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                ),
            };
            write!(
                out,
                "  {} —{}{}→ {}",
                actor(&event.source),
                event.event_type,
                mode,
                actor(&event.target)
            )?;
            if let Some(place) = event.place.and_then(|i| document.places.get(i)) {
                write!(out, " @ {}", one_line(&place.text))?;
            }
            if let Some(time) = event.time.and_then(|i| document.times.get(i)) {
                write!(out, ", {}", time.value.as_deref().unwrap_or(&time.text))?;
            }
            writeln!(out, ": \"{}\"", cite(document, event.evidence))?;
        }
    }

    if let Some(tone) = &document.tone {
        writeln!(
            out,
            "\nTone: {:+.1} (positive {:.1}, negative {:.1})",
            tone.score, tone.positive, tone.negative
        )?;
    }

    for warning in &document.warnings {
        writeln!(out, "! {}: {}", warning.layer, warning.message)?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_analyze::Pipeline;
    use newsgraph_core::Article;

    #[test]
    fn text_view_numbers_sentences_under_a_heading() {
        let mut article = Article::from_text("The army moved north. Talks failed.\n\nA new day.");
        article.title = Some("Army moves".to_string());
        let document = Pipeline::default().analyze(article);
        let mut out = Vec::new();
        document_text(&mut out, &document).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with("=== Army moves · id "), "{out}");
        assert!(out.contains("[0] The army moved north.\n[1] Talks failed.\n\n[2] A new day."));
    }

    #[test]
    fn text_view_lists_times_and_amounts() {
        let mut article =
            Article::from_text("The army said on Sunday that 1,200 troops cost $2.5 million.");
        article.published = Some("2026-03-14".to_string());
        let document = Pipeline::default().analyze(article);
        let mut out = Vec::new();
        document_text(&mut out, &document).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains("Times:\n  DATE     Sunday → 2026-03-08 (published:2026-03-14)\n"),
            "{out}"
        );
        assert!(out.contains("  count    1,200 = 1200 × troop\n"), "{out}");
        assert!(
            out.contains("  money    $2.5 million = 2500000 USD\n"),
            "{out}"
        );
    }
}
