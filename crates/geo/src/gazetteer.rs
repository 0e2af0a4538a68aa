//! The gazetteer: continents, countries, first- and second-level divisions and every populated
//! place of 500 people or more, with a folded-name index.
//!
//! The table (`data/geo/gazetteer.tsv.gz`, written by `scripts/build_geo.py`) is embedded in
//! the binary, decompressed and parsed on first use, and shared read-only.

use std::hash::{Hash, Hasher};
use std::io::Read;
use std::sync::OnceLock;

use rustc_hash::FxHasher;

use crate::GeoError;

/// `data/geo/gazetteer.tsv.gz`, written by `scripts/build_geo.py`.
const GAZETTEER_GZ: &[u8] = include_bytes!("../../../data/geo/gazetteer.tsv.gz");
/// `data/geo/regions.tsv`: world regions, seas and islands, written by hand.
const REGIONS_TSV: &str = include_str!("../../../data/geo/regions.tsv");

/// What kind of place an entry is (GeoNames feature class and code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Feature {
    /// A continent (`L.CONT`).
    Continent,
    /// A country or territory (`A.PCLI`).
    Country,
    /// A first-level administrative division: state, province, region (`A.ADM1`).
    Admin1,
    /// A second-level administrative division: county, parish, district (`A.ADM2`).
    Admin2,
    /// A capital city (`P.PPLC`).
    Capital,
    /// A populated place (`P.PPL`).
    Town,
    /// A region, island or peninsula that is not an administrative unit (`L.RGN`, `T.ISL`,
    /// `T.PEN`): "Middle East", "Sahel", "Sumatra".
    Region,
    /// A sea, ocean, strait or lake (`H.SEA`, `H.STRT`, `H.LK`).
    Water,
}

impl Feature {
    fn parse(class: &str, code: &str) -> Option<Feature> {
        Some(match (class, code) {
            ("L", "CONT") => Feature::Continent,
            ("A", "PCLI") => Feature::Country,
            ("A", "ADM1") => Feature::Admin1,
            ("A", "ADM2") => Feature::Admin2,
            ("P", "PPLC") => Feature::Capital,
            ("P", _) => Feature::Town,
            ("L", "RGN") | ("T", "ISL" | "PEN") => Feature::Region,
            ("H", "SEA" | "STRT" | "LK") => Feature::Water,
            _ => return None,
        })
    }

    /// GeoNames feature class and code, as `Place::feature` writes them ("P.PPLC").
    pub fn code(self) -> &'static str {
        match self {
            Feature::Continent => "L.CONT",
            Feature::Country => "A.PCLI",
            Feature::Admin1 => "A.ADM1",
            Feature::Admin2 => "A.ADM2",
            Feature::Capital => "P.PPLC",
            Feature::Town => "P.PPL",
            Feature::Region => "L.RGN",
            Feature::Water => "H.SEA",
        }
    }

    /// An area (continent, country, division) rather than a point.
    pub fn is_area(self) -> bool {
        !matches!(self, Feature::Capital | Feature::Town)
    }
}

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// GeoNames id; 0 where the source gives none (second-level divisions).
    pub geonameid: u32,
    /// The gazetteer's name ("Alexandria").
    pub name: Box<str>,
    pub feature: Feature,
    /// ISO 3166-1 alpha-2 of the country ("US"); empty for continents.
    pub country: Box<str>,
    /// ISO 3166-1 alpha-3 of the country ("USA"); empty for continents.
    pub country3: Box<str>,
    /// GeoNames admin1 code ("LA"); empty where there is none.
    pub admin1: Box<str>,
    /// Index into [`Gazetteer::admin1_name`]'s table.
    admin1_name: u32,
    pub population: u64,
    pub lat: f32,
    pub lon: f32,
}

/// The gazetteer with its name index.
#[derive(Debug)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    admin1_names: Vec<Box<str>>,
    /// (hash of a folded name, entry index), sorted.
    index: Vec<(u64, u32)>,
    /// Country entries by alpha-2, first-level divisions by "alpha-2.admin1 code".
    areas: rustc_hash::FxHashMap<String, u32>,
}

/// The gazetteer, decompressed and parsed on first use and shared read-only. An embedded
/// table that does not parse (which the tests rule out) gives an empty gazetteer.
pub fn gazetteer() -> &'static Gazetteer {
    static TABLE: OnceLock<Gazetteer> = OnceLock::new();
    TABLE.get_or_init(|| Gazetteer::embedded().unwrap_or_else(|_| Gazetteer::empty()))
}

/// The key names are indexed and looked up by: lower case, diacritics removed (compatibility
/// decomposition), typographic apostrophes and dashes folded, "St." and "Ft." spelt out,
/// whitespace collapsed.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    fold_into(name, &mut out);
    out
}

/// [`fold`] into `out` (cleared first), reusing its allocation.
pub fn fold_into(name: &str, out: &mut String) {
    out.clear();
    let bytes = name.as_bytes();
    let plain = |b: &u8| b.is_ascii() && *b != b'`' && (*b == b' ' || !b.is_ascii_whitespace());
    if bytes.iter().all(plain)
        && bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !bytes.windows(2).any(|w| w == b"  ")
        && !bytes.contains(&0x0B)
    {
        // The most common case: nothing to fold but the case.
        out.push_str(name);
        out.make_ascii_lowercase();
    } else if name.is_ascii() {
        // Byte by byte: the same folding restricted to ASCII.
        for &b in bytes {
            match b {
                b'`' => out.push('\''),
                b if b.is_ascii_whitespace() || b == 0x0B => {
                    if !out.is_empty() && !out.ends_with(' ') {
                        out.push(' ');
                    }
                }
                b => out.push(char::from(b.to_ascii_lowercase())),
            }
        }
    } else {
        let push = |c: char, out: &mut String| match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}' => out.push('\''),
            '\u{2010}'..='\u{2015}' => out.push('-'),
            c if c.is_whitespace() => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.extend(c.to_lowercase()),
        };
        // Compatibility decomposition character by character, marks dropped: the same as
        // the decomposed string without its marks (canonical reordering only moves marks).
        for c in name.chars() {
            if c.is_ascii() {
                push(c, out);
                continue;
            }
            unicode_normalization::char::decompose_compatible(c, |d| {
                if !unicode_normalization::char::is_combining_mark(d) {
                    push(d, out);
                }
            });
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    for (prefix, full) in [("st. ", "saint "), ("ft. ", "fort "), ("mt. ", "mount ")] {
        if out.starts_with(prefix) {
            out.replace_range(..prefix.len(), full);
            break;
        }
    }
}

/// The first `N` tab-separated fields of `line`; `None` for those it lacks.
fn tab_fields<const N: usize>(line: &str) -> [Option<&str>; N] {
    let mut fields = [None; N];
    let mut start = 0;
    let mut tabs = memchr::memchr_iter(b'\t', line.as_bytes());
    for field in &mut fields {
        if start > line.len() {
            break;
        }
        let end = tabs.next().unwrap_or(line.len());
        // Tabs are ASCII, so both ends are character boundaries.
        *field = line.get(start..end);
        start = end + 1;
    }
    fields
}

/// Generic terms that administrative divisions carry in GeoNames but news usually drops, as
/// folded suffixes ("anhui sheng") and prefixes ("muhafazat halab").
const DIVISION_SUFFIXES: &[&str] = &[
    " zhuangzu zizhiqu",
    " huizu zizhiqu",
    " uygur zizhiqu",
    " zizhiqu",
    " sheng",
    " shi",
    " province",
    " region",
    " governorate",
    " voivodeship",
    " oblast",
    " oblast'",
    " kray",
    " prefecture",
    " department",
    " district",
    " state",
    " territory",
    " division",
    " county",
    " municipality",
];
const DIVISION_PREFIXES: &[&str] = &[
    "muhafazat ",
    "wilayat ",
    "provincia de ",
    "provincia di ",
    "province of ",
    "departamento de ",
    "departement de ",
    "estado de ",
    "state of ",
    "respublika ",
];
const DIRECTIONS: &[(&str, &str)] = &[
    ("northern ", "north "),
    ("southern ", "south "),
    ("eastern ", "east "),
    ("western ", "west "),
];

/// The short names a division's folded name is also known by: without its generic term, and
/// with "Southern X" as "South X". A remainder shorter than four letters is not a name.
pub(crate) fn division_short_names(folded: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let push = |name: &str, out: &mut Vec<String>| {
        if name.len() >= 4 && name != folded && !out.iter().any(|o| o == name) {
            out.push(name.to_string());
        }
    };
    let mut bare = folded;
    if let Some(rest) = DIVISION_SUFFIXES
        .iter()
        .find_map(|s| folded.strip_suffix(s))
    {
        bare = rest;
    } else if let Some(rest) = DIVISION_PREFIXES
        .iter()
        .find_map(|p| folded.strip_prefix(p))
    {
        bare = rest;
    }
    push(bare, &mut out);
    for (long, short) in DIRECTIONS {
        if let Some(rest) = bare.strip_prefix(long) {
            push(&format!("{short}{rest}"), &mut out);
        }
    }
    out
}

fn key(folded: &str) -> u64 {
    let mut hasher = FxHasher::default();
    folded.hash(&mut hasher);
    hasher.finish()
}

impl Gazetteer {
    fn empty() -> Self {
        Gazetteer {
            entries: Vec::new(),
            admin1_names: vec!["".into()],
            index: Vec::new(),
            areas: Default::default(),
        }
    }

    /// Parse a gzip-compressed gazetteer table.
    pub fn from_gzip(bytes: &[u8]) -> Result<Self, GeoError> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .map_err(|e| GeoError::Gazetteer(format!("decompressing: {e}")))?;
        Self::parse(&text)
    }

    /// The embedded gazetteer with the embedded world regions, seas and islands.
    fn embedded() -> Result<Self, GeoError> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(GAZETTEER_GZ)
            .read_to_string(&mut text)
            .map_err(|e| GeoError::Gazetteer(format!("decompressing: {e}")))?;
        let mut table = Gazetteer::empty();
        table.add_rows(&text)?;
        table
            .add_rows(REGIONS_TSV)
            .map_err(|e| GeoError::Gazetteer(format!("regions.tsv: {e}")))?;
        table.finish();
        Ok(table)
    }

    /// Parse the gazetteer table (a header line, then one tab-separated line per place).
    pub fn parse(text: &str) -> Result<Self, GeoError> {
        let mut table = Gazetteer::empty();
        table.add_rows(text)?;
        table.finish();
        Ok(table)
    }

    /// Add the rows of a table in the gazetteer's layout: a header line, then one
    /// tab-separated line per place; empty lines and lines starting with `#` are skipped.
    fn add_rows(&mut self, text: &str) -> Result<(), GeoError> {
        let table = self;
        let mut admin1_ids: rustc_hash::FxHashMap<&str, u32> = Default::default();
        admin1_ids.insert("", 0);
        let mut folded = String::new();
        let mut header = true;
        for (number, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if std::mem::take(&mut header) {
                continue;
            }
            let bad = |what: &str| GeoError::Gazetteer(format!("line {}: {what}", number + 1));
            let fields = tab_fields::<13>(line);
            let [Some(id), Some(name), Some(alternates), Some(class), Some(code), Some(country), Some(country3), Some(admin1), Some(admin1_name), Some(population), Some(lat), Some(lon), None] =
                fields
            else {
                return Err(bad("expected 12 fields"));
            };
            let Some(feature) = Feature::parse(class, code) else {
                continue;
            };
            let index = table.entries.len() as u32;
            match feature {
                Feature::Country => {
                    table.areas.entry(country.to_string()).or_insert(index);
                }
                Feature::Admin1 => {
                    table
                        .areas
                        .entry(format!("{country}.{admin1}"))
                        .or_insert(index);
                }
                _ => {}
            }
            let admin1_name = match admin1_ids.get(admin1_name) {
                Some(&i) => i,
                None => {
                    let i = table.admin1_names.len() as u32;
                    table.admin1_names.push(admin1_name.into());
                    admin1_ids.insert(admin1_name, i);
                    i
                }
            };
            table.entries.push(Entry {
                geonameid: id.parse().map_err(|_| bad("geonameid"))?,
                name: name.into(),
                feature,
                country: country.into(),
                country3: country3.into(),
                admin1: admin1.into(),
                admin1_name,
                population: population.parse().map_err(|_| bad("population"))?,
                lat: lat.parse().map_err(|_| bad("lat"))?,
                lon: lon.parse().map_err(|_| bad("lon"))?,
            });
            let mut last = 0u64;
            for n in std::iter::once(name).chain(alternates.split('|').filter(|a| !a.is_empty())) {
                fold_into(n, &mut folded);
                let k = key(&folded);
                if k != last {
                    table.index.push((k, index));
                    last = k;
                }
            }
            // Divisions are often named without their generic term: "Anhui" for "Anhui
            // Sheng", "South Darfur" for "Southern Darfur".
            if matches!(code, "ADM1" | "ADM2") {
                for short in division_short_names(&fold(name)) {
                    table.index.push((key(&short), index));
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self) {
        self.index.sort_unstable();
        self.index.dedup();
        self.one_capital_per_country();
    }

    /// The table marks every town that has its country's capital's name as the capital
    /// (each US "Washington"); only the most populous of them is the capital, the others are
    /// towns.
    fn one_capital_per_country(&mut self) {
        let mut capital: rustc_hash::FxHashMap<&str, (u64, usize)> = Default::default();
        for (i, e) in self.entries.iter().enumerate() {
            if e.feature == Feature::Capital {
                let best = capital.entry(&e.country).or_insert((e.population, i));
                if e.population > best.0 {
                    *best = (e.population, i);
                }
            }
        }
        let keep: Vec<usize> = capital.values().map(|&(_, i)| i).collect();
        for (i, e) in self.entries.iter_mut().enumerate() {
            if e.feature == Feature::Capital && !keep.contains(&i) {
                e.feature = Feature::Town;
            }
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// All entries.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry at `index` (as [`Gazetteer::lookup`] gives them).
    pub fn get(&self, index: u32) -> Option<&Entry> {
        self.entries.get(index as usize)
    }

    /// The name of the entry's first-level division ("Louisiana"); `None` where unknown.
    pub fn admin1_name(&self, entry: &Entry) -> Option<&str> {
        self.admin1_names
            .get(entry.admin1_name as usize)
            .map(|s| &**s)
            .filter(|s| !s.is_empty())
    }

    /// The country entry of an ISO alpha-2 code ("SD").
    pub fn country_entry(&self, iso2: &str) -> Option<u32> {
        self.areas.get(iso2).copied()
    }

    /// The first-level division entry of a country and GeoNames admin1 code ("US", "LA").
    pub fn admin1_entry(&self, iso2: &str, admin1: &str) -> Option<u32> {
        self.areas.get(&format!("{iso2}.{admin1}")).copied()
    }

    /// Indices of the entries one of whose names folds to `folded` (see [`fold`]).
    pub fn lookup_folded(&self, folded: &str) -> impl Iterator<Item = u32> + '_ {
        let k = key(folded);
        let first = self.index.partition_point(|&(h, _)| h < k);
        self.index[first..]
            .iter()
            .take_while(move |&&(h, _)| h == k)
            .map(|&(_, i)| i)
    }

    /// Indices of the entries called `name` (any of their names, case and diacritics folded).
    pub fn lookup(&self, name: &str) -> impl Iterator<Item = u32> + '_ {
        self.lookup_folded(&fold(name))
    }

    /// The entries called `name`, most populous first.
    pub fn candidates(&self, name: &str) -> Vec<&Entry> {
        let mut found: Vec<&Entry> = self.lookup(name).filter_map(|i| self.get(i)).collect();
        found.sort_by(|a, b| {
            b.population
                .cmp(&a.population)
                .then(a.geonameid.cmp(&b.geonameid))
        });
        found
    }
}

/// Great-circle distance in kilometres.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_abbreviations() {
        assert_eq!(fold("Côte d’Ivoire"), "cote d'ivoire");
        assert_eq!(fold("  São   Paulo "), "sao paulo");
        assert_eq!(fold("St. Louis"), "saint louis");
        assert_eq!(fold("ZÜRICH"), "zurich");
        assert_eq!(fold("Mt. Kenya"), "mount kenya");
        assert_eq!(fold("Ft.  Worth\t"), "fort worth");
    }

    /// The folding as specified: the whole string decomposed, marks dropped, then each
    /// character mapped.
    fn reference_fold(name: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let mut out = String::new();
        for c in name.nfkd() {
            if unicode_normalization::char::is_combining_mark(c) {
                continue;
            }
            match c {
                '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}' => out.push('\''),
                '\u{2010}'..='\u{2015}' => out.push('-'),
                c if c.is_whitespace() => {
                    if !out.is_empty() && !out.ends_with(' ') {
                        out.push(' ');
                    }
                }
                c => out.extend(c.to_lowercase()),
            }
        }
        while out.ends_with(' ') {
            out.pop();
        }
        out
    }

    #[test]
    fn characters_fold_as_the_decomposed_string_does() {
        let mut buffer = String::new();
        for c in (0x80u32..0x3400)
            .chain(0xAC00..0xAC40)
            .filter_map(char::from_u32)
        {
            for name in [
                format!("{c}"),
                format!("Ab{c}\u{301}Cd"),
                format!("E\u{300}{c} x"),
            ] {
                fold_into(&name, &mut buffer);
                assert_eq!(buffer, reference_fold(&name), "{name:?}");
            }
        }
    }

    #[test]
    fn tab_fields_split_like_str_split() {
        for line in ["", "a", "a\tb", "\t", "a\t\tb\t", "é\tü\tx\ty"] {
            let mut split = line.split('\t');
            let expected: [Option<&str>; 3] = std::array::from_fn(|_| split.next());
            assert_eq!(tab_fields::<3>(line), expected, "{line:?}");
        }
    }

    #[test]
    fn ascii_names_fold_as_the_general_path_does() {
        // Every printable and whitespace ASCII character, alone and between letters.
        let mut buffer = String::from("left over");
        for b in (0x09u8..=0x0D).chain(0x20..=0x7E) {
            let c = char::from(b);
            for name in [format!("{c}"), format!("Ab{c}Cd"), format!("{c} X{c}{c}y ")] {
                fold_into(&name, &mut buffer);
                assert_eq!(buffer, reference_fold(&name), "{name:?}");
            }
        }
    }

    #[test]
    fn embedded_gazetteer_parses_and_finds_places() {
        let g = gazetteer();
        assert!(g.len() > 200_000, "{} entries", g.len());
        let alexandria = g.candidates("Alexandria");
        assert!(alexandria.len() > 3);
        assert_eq!(&*alexandria[0].country, "EG");
        let louisiana = alexandria
            .iter()
            .find(|e| &*e.country == "US" && &*e.admin1 == "LA")
            .expect("Alexandria, Louisiana");
        assert_eq!(g.admin1_name(louisiana), Some("Louisiana"));
        assert!(g
            .candidates("khartoum")
            .iter()
            .any(|e| e.feature == Feature::Capital && &*e.country3 == "SDN"));
        assert!(g
            .candidates("Sudan")
            .iter()
            .any(|e| e.feature == Feature::Country));
        assert!(g.candidates("Qwxzyville").is_empty());
        let sudan = g.country_entry("SD").and_then(|i| g.get(i)).expect("Sudan");
        assert_eq!((&*sudan.name, sudan.feature), ("Sudan", Feature::Country));
        let la = g
            .admin1_entry("US", "LA")
            .and_then(|i| g.get(i))
            .expect("LA");
        assert_eq!(&*la.name, "Louisiana");
    }

    #[test]
    fn rejects_malformed_rows() {
        assert!(Gazetteer::parse("header\n1\tX\n").is_err());
        let ok = Gazetteer::parse(
            "h\n7\tTestville\tTest Town\tP\tPPL\tUS\tUSA\tLA\tLouisiana\t10\t1.5\t2.5\n",
        )
        .expect("parses");
        assert_eq!(ok.candidates("test town").len(), 1);
        assert!(Gazetteer::parse("h\nx\tT\t\tP\tPPL\tUS\tUSA\t\t\t1\t1\t1\n").is_err());
    }

    #[test]
    fn divisions_are_found_without_their_generic_term() {
        assert_eq!(division_short_names("anhui sheng"), vec!["anhui"]);
        assert_eq!(
            division_short_names("southern darfur"),
            vec!["south darfur"]
        );
        assert_eq!(division_short_names("muhafazat halab"), vec!["halab"]);
        assert!(division_short_names("fes region").is_empty(), "too short");
        assert!(division_short_names("texas").is_empty());
        let gaz = gazetteer();
        let anhui: Vec<_> = gaz.candidates("Anhui");
        assert!(
            anhui
                .iter()
                .any(|e| e.feature == Feature::Admin1 && &*e.country == "CN"),
            "{anhui:?}"
        );
    }

    #[test]
    fn world_regions_outrank_homonymous_hamlets() {
        let gaz = gazetteer();
        let middle_east = gaz.candidates("Middle East");
        assert_eq!(
            middle_east.first().map(|e| e.feature),
            Some(Feature::Region)
        );
        let darfur = gaz.candidates("Darfur");
        assert!(darfur.iter().any(|e| &*e.country == "SD"), "{darfur:?}");
        assert!(gaz
            .candidates("Strait of Hormuz")
            .iter()
            .any(|e| e.feature == Feature::Water));
        // Every row of the hand-written table parses.
        let mut regions = Gazetteer::empty();
        regions.add_rows(REGIONS_TSV).expect("regions.tsv parses");
        assert!(regions.len() > 80, "{}", regions.len());
    }

    #[test]
    fn a_country_has_one_capital() {
        let gaz = gazetteer();
        let capitals: Vec<&Entry> = gaz
            .candidates("Washington")
            .into_iter()
            .filter(|e| e.feature == Feature::Capital)
            .collect();
        assert_eq!(capitals.len(), 1, "{capitals:?}");
        assert_eq!((&*capitals[0].country, &*capitals[0].admin1), ("US", "DC"));
        let mut with_capital: Vec<&str> = gaz
            .entries()
            .iter()
            .filter(|e| e.feature == Feature::Capital)
            .map(|e| &*e.country)
            .collect();
        let n = with_capital.len();
        with_capital.sort_unstable();
        with_capital.dedup();
        assert_eq!(with_capital.len(), n);

        let mut table = Gazetteer::parse(
            "h\n1\tSpringfield\t\tP\tPPLC\tUS\tUSA\tIL\tIllinois\t100\t1\t1\n\
             2\tSpringfield\t\tP\tPPLC\tUS\tUSA\tMO\tMissouri\t500\t2\t2\n",
        )
        .expect("parses");
        table.one_capital_per_country();
        let found = table.candidates("Springfield");
        assert_eq!(
            found.iter().map(|e| e.feature).collect::<Vec<_>>(),
            vec![Feature::Capital, Feature::Town]
        );
    }

    #[test]
    fn the_united_states_point_is_near_its_geographic_centre() {
        let gaz = gazetteer();
        let us = gaz
            .country_entry("US")
            .and_then(|i| gaz.get(i))
            .expect("US");
        // Lebanon, Kansas.
        let d = distance_km(us.lat.into(), us.lon.into(), 39.81, -98.56);
        assert!(d < 50.0, "{d} km");
    }

    #[test]
    fn distance_is_great_circle() {
        let d = distance_km(31.3113, -92.4451, 31.2001, 29.9187);
        assert!((d - 11_000.0).abs() < 500.0, "{d}");
        assert!(distance_km(10.0, 10.0, 10.0, 10.0) < 1e-9);
    }
}
