//! Geoparsing gold data and scores: the LGL / TR-News XML format (`<toponym>` with
//! `<start>`, `<end>`, `<phrase>` and a `<gaztag geonameid>` with `<lat>`, `<lon>`) and the
//! GeoVirus format (`<location>` with `<name>`, `<start>`, `<end>`, `<lat>`, `<lon>`).
//!
//! Offsets in both are character offsets; they become byte spans here. GeoVirus offsets are
//! sometimes one character off: a toponym is placed at the occurrence of its name nearest the
//! given offset.

use std::fmt::Write as _;
use std::path::Path;

use newsgraph_core::Span;
use quick_xml::events::Event;
use quick_xml::Reader;
use serde::Serialize;

use crate::metrics::Prf;

/// A prediction is correct within this distance of the gold point (100 miles, the usual
/// geoparsing threshold).
pub const CORRECT_KM: f64 = 161.0;

#[derive(Debug, thiserror::Error)]
pub enum GeoGoldError {
    #[error("reading {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Format { path: String, message: String },
}

/// One gold toponym.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldToponym {
    /// Byte span in the article text.
    pub span: Span,
    pub name: String,
    /// Gold coordinates, when the annotators found the place in their gazetteer.
    pub point: Option<(f64, f64)>,
    pub geonameid: Option<u64>,
}

/// One gold article.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoArticle {
    pub id: String,
    pub text: String,
    pub toponyms: Vec<GoldToponym>,
}

/// Read a LGL / TR-News or GeoVirus XML file.
pub fn read_xml(path: &Path) -> Result<Vec<GeoArticle>, GeoGoldError> {
    let xml = std::fs::read_to_string(path).map_err(|source| GeoGoldError::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse_xml(&xml).map_err(|message| GeoGoldError::Format {
        path: path.display().to_string(),
        message,
    })
}

#[derive(Default)]
struct RawToponym {
    name: String,
    start: Option<usize>,
    end: Option<usize>,
    lat: Option<f64>,
    lon: Option<f64>,
    geonameid: Option<u64>,
}

/// Parse the XML text of either format.
pub fn parse_xml(xml: &str) -> Result<Vec<GeoArticle>, String> {
    let mut reader = Reader::from_str(xml);
    let mut articles = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut id = String::new();
    let mut raw: Vec<RawToponym> = Vec::new();
    let mut current: Option<RawToponym> = None;
    let mut content = String::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                match name.as_str() {
                    "article" => {
                        text.clear();
                        raw.clear();
                        id = e
                            .try_get_attribute("docid")
                            .ok()
                            .flatten()
                            .map(|a| a.value.to_string())
                            .unwrap_or_else(|| format!("{}", articles.len() + 1));
                    }
                    "toponym" | "location" => current = Some(RawToponym::default()),
                    "gaztag" => {
                        if let Some(t) = current.as_mut() {
                            t.geonameid = e
                                .try_get_attribute("geonameid")
                                .ok()
                                .flatten()
                                .and_then(|a| a.value.parse().ok());
                        }
                    }
                    _ => {}
                }
                stack.push(name);
                content.clear();
            }
            Event::Text(t) => {
                content.push_str(&t);
            }
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    content.push(c);
                } else {
                    let c = match &*r {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    };
                    content.push_str(c);
                }
            }
            Event::CData(t) => content.push_str(&t),
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                let parent = stack.last().map(String::as_str).unwrap_or("");
                let value = content.trim().to_string();
                match (name.as_str(), parent) {
                    ("text", "article") => text = std::mem::take(&mut content),
                    ("start", _) => {
                        if let Some(t) = current.as_mut() {
                            t.start = value.parse().ok();
                        }
                    }
                    ("end", _) => {
                        if let Some(t) = current.as_mut() {
                            t.end = value.parse().ok();
                        }
                    }
                    ("phrase", _) | ("name", "location") => {
                        if let Some(t) = current.as_mut() {
                            t.name = value;
                        }
                    }
                    ("lat", _) => {
                        if let Some(t) = current.as_mut() {
                            t.lat = value.parse().ok();
                        }
                    }
                    ("lon", _) => {
                        if let Some(t) = current.as_mut() {
                            t.lon = value.parse().ok();
                        }
                    }
                    ("toponym", _) | ("location", _) => {
                        if let Some(t) = current.take() {
                            raw.push(t);
                        }
                    }
                    ("article", _) => {
                        let toponyms = place_toponyms(&text, &raw);
                        articles.push(GeoArticle {
                            id: id.clone(),
                            text: std::mem::take(&mut text),
                            toponyms,
                        });
                    }
                    _ => {}
                }
                content.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(articles)
}

/// Byte spans of the raw toponyms: at their character offsets when the name is there, else
/// at the occurrence of the name nearest the offset; dropped where the name is not in the text.
fn place_toponyms(text: &str, raw: &[RawToponym]) -> Vec<GoldToponym> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |c: usize| chars.get(c).map_or(text.len(), |&(b, _)| b);
    let mut out = Vec::new();
    for t in raw {
        let (Some(start), Some(end)) = (t.start, t.end) else {
            continue;
        };
        let (bs, be) = (byte_at(start), byte_at(end));
        let span = if text.get(bs..be) == Some(t.name.as_str()) {
            Some(Span::new(bs, be))
        } else if t.name.is_empty() {
            None
        } else {
            text.match_indices(t.name.as_str())
                .map(|(b, _)| b)
                .min_by_key(|&b| b.abs_diff(bs))
                .map(|b| Span::new(b, b + t.name.len()))
        };
        if let Some(span) = span {
            out.push(GoldToponym {
                span,
                name: t.name.clone(),
                point: t.lat.zip(t.lon),
                geonameid: t.geonameid,
            });
        }
    }
    out.sort_by_key(|t| t.span);
    out
}

/// Great-circle distance in kilometres.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let dp = p2 - p1;
    let dl = (b.1 - a.1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().min(1.0).asin()
}

/// A predicted toponym: its span and its point, if resolved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PredictedToponym {
    pub span: Span,
    pub point: Option<(f64, f64)>,
}

/// Distances of resolved gold toponyms: how many there are and how far off each is.
#[derive(Debug, Clone, Default)]
pub struct Distances {
    /// Gold toponyms with coordinates that were scored.
    pub gold: usize,
    /// Distances of those that got a point (unresolved ones count as wrong).
    pub km: Vec<f64>,
}

impl Distances {
    fn add(&mut self, gold: (f64, f64), predicted: Option<(f64, f64)>) {
        self.gold += 1;
        if let Some(p) = predicted {
            self.km.push(distance_km(gold, p));
        }
    }

    fn extend(&mut self, other: Distances) {
        self.gold += other.gold;
        self.km.extend(other.km);
    }
}

/// Resolution given the gold spans: `predicted[i]` is the point chosen for `gold[i]`.
pub fn resolution_distances(gold: &[GoldToponym], predicted: &[Option<(f64, f64)>]) -> Distances {
    let mut d = Distances::default();
    for (g, p) in gold.iter().zip(predicted) {
        if let Some(point) = g.point {
            d.add(point, *p);
        }
    }
    d
}

/// Counts of one article's end-to-end comparison.
#[derive(Debug, Clone, Default)]
pub struct EndToEnd {
    pub gold: usize,
    pub predicted: usize,
    /// Predicted spans equal to a gold span.
    pub exact: usize,
    /// Gold spans overlapped by a predicted span (one-to-one).
    pub overlap: usize,
    /// Distances of the gold toponyms (with coordinates) matched by overlap.
    pub distances: Distances,
}

/// Compare predicted toponyms with gold ones: exact-span and overlap matches (one-to-one, in
/// text order), and the distances of the matched ones.
pub fn end_to_end(gold: &[GoldToponym], predicted: &[PredictedToponym]) -> EndToEnd {
    let mut out = EndToEnd {
        gold: gold.len(),
        predicted: predicted.len(),
        ..EndToEnd::default()
    };
    let mut used = vec![false; predicted.len()];
    for g in gold {
        let exact = predicted.iter().position(|p| p.span == g.span);
        if exact.is_some() {
            out.exact += 1;
        }
        let hit = exact.filter(|&i| !used[i]).or_else(|| {
            predicted.iter().enumerate().position(|(i, p)| {
                !used[i] && p.span.start < g.span.end && g.span.start < p.span.end
            })
        });
        if let Some(i) = hit {
            used[i] = true;
            out.overlap += 1;
            if let Some(point) = g.point {
                out.distances.add(point, predicted[i].point);
            }
        }
    }
    out
}

/// Accuracy within [`CORRECT_KM`] and the error distribution.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DistanceScores {
    /// Gold toponyms with coordinates scored.
    pub gold: usize,
    /// Of those, how many got a point.
    pub resolved: usize,
    /// Percentage of `gold` resolved within 161 km.
    pub accuracy_161km: f64,
    /// Mean and median error of the resolved ones, in km.
    pub mean_km: f64,
    pub median_km: f64,
}

impl DistanceScores {
    pub fn from_distances(d: &Distances) -> Self {
        let mut km = d.km.clone();
        km.sort_by(f64::total_cmp);
        let within = km.iter().filter(|&&k| k <= CORRECT_KM).count();
        let mean = if km.is_empty() {
            0.0
        } else {
            km.iter().sum::<f64>() / km.len() as f64
        };
        let median = match km.len() {
            0 => 0.0,
            n if n % 2 == 1 => km[n / 2],
            n => (km[n / 2 - 1] + km[n / 2]) / 2.0,
        };
        DistanceScores {
            gold: d.gold,
            resolved: km.len(),
            accuracy_161km: if d.gold == 0 {
                0.0
            } else {
                100.0 * within as f64 / d.gold as f64
            },
            mean_km: mean,
            median_km: median,
        }
    }
}

/// The geoparsing report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GeoReport {
    pub articles: usize,
    pub gold_toponyms: usize,
    /// Resolution of the gold toponym spans.
    pub resolution: DistanceScores,
    /// Toponym recognition, exact spans.
    pub toponyms_exact: Prf,
    /// Toponym recognition, overlapping spans (one-to-one).
    pub toponyms_overlap: Prf,
    /// Resolution of the recognised toponyms that overlap a gold one.
    pub end_to_end: DistanceScores,
}

impl GeoReport {
    /// Sum the per-article results.
    pub fn from_articles(results: Vec<(Distances, EndToEnd)>) -> Self {
        let mut resolution = Distances::default();
        let mut e2e = EndToEnd::default();
        let articles = results.len();
        for (r, e) in results {
            resolution.extend(r);
            e2e.gold += e.gold;
            e2e.predicted += e.predicted;
            e2e.exact += e.exact;
            e2e.overlap += e.overlap;
            e2e.distances.extend(e.distances);
        }
        GeoReport {
            articles,
            gold_toponyms: e2e.gold,
            resolution: DistanceScores::from_distances(&resolution),
            toponyms_exact: Prf::from_counts(e2e.gold, e2e.predicted, e2e.exact),
            toponyms_overlap: Prf::from_counts(e2e.gold, e2e.predicted, e2e.overlap),
            end_to_end: DistanceScores::from_distances(&e2e.distances),
        }
    }

    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} articles, {} gold toponyms",
            self.articles, self.gold_toponyms
        );
        let _ = writeln!(
            out,
            "{:<28} {:>6} {:>8} {:>8} {:>10} {:>10}",
            "resolution", "gold", "resolved", "acc@161", "mean km", "median km"
        );
        for (name, d) in [
            ("given gold toponyms", &self.resolution),
            ("end to end (matched)", &self.end_to_end),
        ] {
            let _ = writeln!(
                out,
                "{:<28} {:>6} {:>8} {:>8.2} {:>10.1} {:>10.1}",
                name, d.gold, d.resolved, d.accuracy_161km, d.mean_km, d.median_km
            );
        }
        let _ = writeln!(
            out,
            "{:<28} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8}",
            "toponyms", "gold", "pred", "correct", "P", "R", "F1"
        );
        for (name, p) in [
            ("exact span", &self.toponyms_exact),
            ("overlapping span", &self.toponyms_overlap),
        ] {
            let _ = writeln!(
                out,
                "{:<28} {:>6} {:>8} {:>8} {:>8.2} {:>8.2} {:>8.2}",
                name, p.gold, p.predicted, p.correct, p.precision, p.recall, p.f1
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LGL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="7">
    <title>t</title>
    <text><![CDATA[Café fire in Alexandria. Rapides Parish & more.]]></text>
    <toponyms count="2">
      <toponym><start>13</start><end>23</end><phrase>Alexandria</phrase>
        <gaztag geonameid="4314550"><name>Alexandria</name><fclass>P</fclass>
          <lat>31.3113</lat><lon>-92.4451</lon></gaztag></toponym>
      <toponym><start>25</start><end>39</end><phrase>Rapides Parish</phrase></toponym>
    </toponyms>
  </article>
</articles>"#;

    const GEOVIRUS: &str = r#"<articles><article><source>s</source>
<text>Hogs culled in Pandi, Bulacan on Sunday &amp; Monday.</text>
<locations><location><name>Pandi</name><start>16</start><end>21</end><lat>14.87</lat>
<lon>120.95</lon><page>p</page></location></locations></article></articles>"#;

    #[test]
    fn reads_lgl_with_character_offsets() {
        let articles = parse_xml(LGL).expect("parses");
        assert_eq!(articles.len(), 1);
        let a = &articles[0];
        assert_eq!(a.id, "7");
        assert_eq!(a.toponyms.len(), 2);
        let t = &a.toponyms[0];
        assert_eq!(&a.text[t.span.start..t.span.end], "Alexandria");
        assert_eq!(t.point, Some((31.3113, -92.4451)));
        assert_eq!(t.geonameid, Some(4314550));
        assert_eq!(a.toponyms[1].point, None);
        assert_eq!(
            &a.text[a.toponyms[1].span.start..a.toponyms[1].span.end],
            "Rapides Parish"
        );
    }

    #[test]
    fn reads_geovirus_and_repairs_shifted_offsets() {
        let articles = parse_xml(GEOVIRUS).expect("parses");
        let a = &articles[0];
        assert!(a.text.contains("Sunday & Monday"));
        let t = &a.toponyms[0];
        assert_eq!(&a.text[t.span.start..t.span.end], "Pandi");
    }

    #[test]
    fn scores_resolution_and_recognition() {
        let gold = vec![
            GoldToponym {
                span: Span::new(0, 5),
                name: "A".into(),
                point: Some((10.0, 10.0)),
                geonameid: None,
            },
            GoldToponym {
                span: Span::new(10, 15),
                name: "B".into(),
                point: Some((20.0, 20.0)),
                geonameid: None,
            },
        ];
        let d = resolution_distances(&gold, &[Some((10.5, 10.0)), Some((40.0, 20.0))]);
        let s = DistanceScores::from_distances(&d);
        assert_eq!(s.gold, 2);
        assert!((s.accuracy_161km - 50.0).abs() < 1e-9);
        let predicted = [
            PredictedToponym {
                span: Span::new(0, 5),
                point: Some((10.0, 10.0)),
            },
            PredictedToponym {
                span: Span::new(12, 20),
                point: None,
            },
            PredictedToponym {
                span: Span::new(30, 35),
                point: None,
            },
        ];
        let e = end_to_end(&gold, &predicted);
        assert_eq!((e.exact, e.overlap, e.predicted), (1, 2, 3));
        let report = GeoReport::from_articles(vec![(d, e)]);
        assert!((report.toponyms_overlap.f1 - 80.0).abs() < 1e-9);
        assert!((report.end_to_end.accuracy_161km - 50.0).abs() < 1e-9);
        assert!(report.to_table().contains("acc@161"));
    }
}
