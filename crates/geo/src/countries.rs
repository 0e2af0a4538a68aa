//! The country table: every country and territory GeoNames lists, with the names news uses for
//! it, its demonyms and its capital.

use std::collections::HashMap;
use std::sync::OnceLock;

/// `data/geo/countries.tsv`, written by `scripts/build_geo.py`.
const COUNTRIES_TSV: &str = include_str!("../../../data/geo/countries.tsv");

/// A country or territory.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 ("TD").
    pub iso2: String,
    /// ISO 3166-1 alpha-3 ("TCD").
    pub iso3: String,
    /// Common English short name ("Chad").
    pub name: String,
    /// Every name and news alias, `name` first ("Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire").
    pub names: Vec<String>,
    /// Adjectives and words for its people, singular and plural ("Chadian", "Chadians").
    pub demonyms: Vec<String>,
    /// The capital ("N'Djamena"); `None` for uninhabited territories.
    pub capital: Option<String>,
    /// Other spellings of the capital and seats of government news uses for it ("Kiev").
    pub capital_aliases: Vec<String>,
    /// GeoNames id of the country.
    pub geonameid: u32,
    /// Latitude of the capital (or a centroid where there is no capital).
    pub lat: f64,
    /// Longitude of the capital (or a centroid where there is no capital).
    pub lon: f64,
    /// Population (GeoNames).
    pub population: u64,
    /// Continent code ("AF", "AS", "EU", "NA", "OC", "SA", "AN").
    pub continent: String,
    /// ISO alpha-2 codes of the countries it borders.
    pub neighbours: Vec<String>,
}

/// All countries, with case-insensitive indexes by code, name, demonym and capital.
#[derive(Debug)]
pub struct CountryTable {
    countries: Vec<Country>,
    iso2: HashMap<String, usize>,
    iso3: HashMap<String, usize>,
    names: HashMap<String, usize>,
    demonyms: HashMap<String, usize>,
    capitals: HashMap<String, usize>,
}

/// The country table, parsed on first use and shared read-only.
pub fn countries() -> &'static CountryTable {
    static TABLE: OnceLock<CountryTable> = OnceLock::new();
    TABLE.get_or_init(|| CountryTable::parse(COUNTRIES_TSV))
}

/// The key names are looked up by: lower case, typographic apostrophes and dashes folded,
/// whitespace collapsed, a leading "the " dropped ("The Gambia" = "Gambia").
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}' => out.push('\''),
                '\u{2010}'..='\u{2015}' => out.push('-'),
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
    match out.strip_prefix("the ") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => out,
    }
}

fn split_list(field: &str) -> Vec<String> {
    field
        .split('|')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl CountryTable {
    /// Parses the table's TSV (header line first); rows with too few fields are skipped.
    fn parse(tsv: &str) -> CountryTable {
        let mut table = CountryTable {
            countries: Vec::new(),
            iso2: HashMap::new(),
            iso3: HashMap::new(),
            names: HashMap::new(),
            demonyms: HashMap::new(),
            capitals: HashMap::new(),
        };
        for line in tsv.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 13 {
                continue;
            }
            let country = Country {
                iso2: f[0].to_string(),
                iso3: f[1].to_string(),
                geonameid: f[2].parse().unwrap_or(0),
                name: f[3].to_string(),
                names: split_list(f[4]),
                demonyms: split_list(f[5]),
                capital: (!f[6].is_empty()).then(|| f[6].to_string()),
                capital_aliases: split_list(f[7]),
                lat: f[8].parse().unwrap_or(0.0),
                lon: f[9].parse().unwrap_or(0.0),
                population: f[10].parse().unwrap_or(0),
                continent: f[11].to_string(),
                neighbours: split_list(f[12]),
            };
            let i = table.countries.len();
            table
                .iso2
                .entry(country.iso2.to_ascii_uppercase())
                .or_insert(i);
            table
                .iso3
                .entry(country.iso3.to_ascii_uppercase())
                .or_insert(i);
            for n in country.names.iter().chain(std::iter::once(&country.name)) {
                table.names.entry(normalize_name(n)).or_insert(i);
            }
            for d in &country.demonyms {
                table.demonyms.entry(normalize_name(d)).or_insert(i);
            }
            for c in country.capital.iter().chain(&country.capital_aliases) {
                table.capitals.entry(normalize_name(c)).or_insert(i);
            }
            table.countries.push(country);
        }
        table
    }

    /// Every country, ordered by ISO alpha-2.
    pub fn all(&self) -> &[Country] {
        &self.countries
    }

    /// Index of a country in [`CountryTable::all`].
    pub fn index_of(&self, country: &Country) -> Option<usize> {
        self.iso2.get(&country.iso2).copied()
    }

    /// By ISO 3166-1 alpha-3 ("TCD"), case-insensitive.
    pub fn by_iso3(&self, code: &str) -> Option<&Country> {
        self.iso3
            .get(&code.trim().to_ascii_uppercase())
            .map(|&i| &self.countries[i])
    }

    /// By ISO 3166-1 alpha-2 ("TD"), case-insensitive.
    pub fn by_iso2(&self, code: &str) -> Option<&Country> {
        self.iso2
            .get(&code.trim().to_ascii_uppercase())
            .map(|&i| &self.countries[i])
    }

    /// By any of its names or aliases ("Chad", "DRC", "Britain"), case-insensitive.
    pub fn by_name(&self, name: &str) -> Option<&Country> {
        self.names
            .get(&normalize_name(name))
            .map(|&i| &self.countries[i])
    }

    /// By a demonym ("Chadian", "Chadians"), case-insensitive.
    pub fn by_demonym(&self, word: &str) -> Option<&Country> {
        self.demonyms
            .get(&normalize_name(word))
            .map(|&i| &self.countries[i])
    }

    /// By its capital or an alias of it ("N'Djamena", "Kiev"), case-insensitive.
    pub fn by_capital(&self, name: &str) -> Option<&Country> {
        self.capitals
            .get(&normalize_name(name))
            .map(|&i| &self.countries[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_country_has_codes_names_and_demonyms() {
        let table = countries();
        assert!(table.all().len() >= 249, "{}", table.all().len());
        for c in table.all() {
            assert_eq!(c.iso2.len(), 2, "{c:?}");
            assert_eq!(c.iso3.len(), 3, "{c:?}");
            assert!(!c.demonyms.is_empty(), "{} has no demonym", c.iso2);
            assert_eq!(c.names.first(), Some(&c.name), "{}", c.iso2);
            assert!((-90.0..=90.0).contains(&c.lat) && (-180.0..=180.0).contains(&c.lon));
            assert!(c.geonameid > 0, "{}", c.iso2);
        }
    }

    #[test]
    fn looks_up_by_code_name_demonym_and_capital() {
        let t = countries();
        let chad = t.by_iso3("TCD").expect("Chad");
        assert_eq!(chad.name, "Chad");
        assert_eq!(t.by_iso2("td").map(|c| c.iso3.as_str()), Some("TCD"));
        assert_eq!(t.by_demonym("Chadian").map(|c| c.iso2.as_str()), Some("TD"));
        assert_eq!(
            t.by_demonym("chadians").map(|c| c.iso2.as_str()),
            Some("TD")
        );
        assert_eq!(
            t.by_capital("N’Djamena").map(|c| c.iso2.as_str()),
            Some("TD")
        );
        assert_eq!(chad.capital.as_deref(), Some("N'Djamena"));
        for (name, iso2) in [
            ("Ivory Coast", "CI"),
            ("Côte d'Ivoire", "CI"),
            ("cote d'ivoire", "CI"),
            ("DRC", "CD"),
            ("U.S.", "US"),
            ("United States", "US"),
            ("Britain", "GB"),
            ("UK", "GB"),
            ("the Netherlands", "NL"),
            ("Holland", "NL"),
            ("Burma", "MM"),
            ("The Gambia", "GM"),
        ] {
            assert_eq!(
                t.by_name(name).map(|c| c.iso2.as_str()),
                Some(iso2),
                "{name}"
            );
        }
        assert_eq!(t.by_capital("Kiev").map(|c| c.iso2.as_str()), Some("UA"));
        assert_eq!(t.by_capital("Kyiv").map(|c| c.iso2.as_str()), Some("UA"));
        assert_eq!(
            t.by_capital("Washington").map(|c| c.iso2.as_str()),
            Some("US")
        );
        assert_eq!(t.by_demonym("Swiss").map(|c| c.iso2.as_str()), Some("CH"));
        assert_eq!(t.by_demonym("Dutch").map(|c| c.iso2.as_str()), Some("NL"));
    }

    #[test]
    fn unknown_words_find_nothing() {
        let t = countries();
        assert!(t.by_name("Atlantis").is_none());
        assert!(t.by_name("").is_none());
        assert!(t.by_name("the").is_none());
        assert!(t.by_demonym("Chad").is_none());
        assert!(t.by_iso3("XXX").is_none());
        assert!(t.by_capital("Springfield").is_none());
    }

    #[test]
    fn normalizes_case_quotes_and_articles() {
        assert_eq!(normalize_name("  The   GAMBIA "), "gambia");
        assert_eq!(normalize_name("N’Djamena"), "n'djamena");
        assert_eq!(normalize_name("Guinea\u{2011}Bissau"), "guinea-bissau");
        assert_eq!(normalize_name("the"), "the");
    }
}
