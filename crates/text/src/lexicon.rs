//! Hand-written word lists of general English usage: abbreviations, contractions, hyphen
//! prefixes, units. Lookups lower-case into a stack buffer and `match` on bytes, so they do not
//! allocate.

/// What a known abbreviation does to the sentence around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abbreviation {
    /// A title or reference word that precedes a name or number ("Dr.", "Gen.", "St.",
    /// "No.", "vs."): it never ends a sentence.
    Prenominal,
    /// Any other abbreviation ("Inc.", "etc.", "Jan."): it may also end a sentence.
    Ordinary,
}

/// Lower-case an ASCII word of at most 16 bytes into a buffer and run `f` on it.
#[inline]
fn with_lowercase<R>(word: &[u8], f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    if word.len() > 16 || word.is_empty() {
        return None;
    }
    let mut buffer = [0u8; 16];
    for (slot, &b) in buffer.iter_mut().zip(word) {
        if !b.is_ascii() {
            return None;
        }
        *slot = b.to_ascii_lowercase();
    }
    Some(f(&buffer[..word.len()]))
}

/// Whether a word is written in lower case, Capitalised, or ALL CAPS (not mixed).
fn case_shape(word: &[u8]) -> (bool, bool) {
    let lower = word.iter().all(|b| !b.is_ascii_uppercase());
    let capitalised = word.first().is_some_and(|b| b.is_ascii_uppercase())
        && (word[1..].iter().all(|b| !b.is_ascii_uppercase())
            || word.iter().all(|b| !b.is_ascii_lowercase()));
    (lower, capitalised)
}

/// The abbreviation `word` (written without its final period) is, if it is a known one.
///
/// Abbreviations that are also ordinary lower-case words ("Gen", "Mass", "Sat") only count
/// when capitalised.
pub(crate) fn abbreviation(word: &[u8]) -> Option<Abbreviation> {
    use Abbreviation::{Ordinary, Prenominal};
    let (lower, capitalised) = case_shape(word);
    if !lower && !capitalised {
        return None;
    }
    // (kind, needs a capital)
    let found = with_lowercase(word, |key| match key {
        // Titles and ranks.
        b"mr" | b"mrs" | b"ms" | b"mssrs" | b"messrs" | b"dr" | b"drs" | b"prof" | b"mme"
        | b"mlle" | b"hon" | b"rev" | b"fr" | b"sr" | b"jr" | b"esq" => Some((Prenominal, false)),
        b"gen" | b"sen" | b"rep" | b"gov" | b"lt" | b"col" | b"capt" | b"cpt" | b"sgt" | b"maj"
        | b"adm" | b"cmdr" | b"cdr" | b"cpl" | b"pvt" | b"brig" | b"supt" | b"insp" | b"det"
        | b"atty" | b"amb" | b"pres" | b"sens" | b"reps" | b"gens" | b"lieut" | b"comdr"
        | b"msgr" | b"ald" | b"rt" | b"st" | b"mt" | b"ft" | b"pt" | b"ste" => {
            Some((Prenominal, true))
        }
        // References that precede a number or a name.
        b"vs" | b"cf" | b"viz" | b"eg" | b"ie" | b"attn" | b"nos" | b"vol" | b"vols" | b"pp"
        | b"op" | b"approx" | b"ca" | b"ch" | b"chap" | b"fig" | b"figs" | b"sec" | b"art"
        | b"arts" | b"ed" | b"eds" | b"no" => Some((
            Prenominal,
            !matches!(
                key,
                b"vs" | b"cf" | b"viz" | b"approx" | b"eg" | b"ie" | b"attn"
            ),
        )),
        // Companies and groups.
        b"inc" | b"corp" | b"co" | b"ltd" | b"bros" | b"assn" | b"assoc" | b"dept" | b"univ"
        | b"intl" | b"natl" | b"govt" | b"cos" | b"plc" | b"llc" | b"mfg" => {
            Some((Ordinary, false))
        }
        // Months and days.
        b"jan" | b"feb" | b"mar" | b"apr" | b"jun" | b"jul" | b"aug" | b"sep" | b"sept"
        | b"oct" | b"nov" | b"dec" | b"mon" | b"tue" | b"tues" | b"wed" | b"thu" | b"thur"
        | b"thurs" | b"fri" | b"sat" | b"sun" => Some((Ordinary, true)),
        // US states and Canadian provinces (AP style).
        b"ala" | b"ariz" | b"ark" | b"calif" | b"colo" | b"conn" | b"del" | b"fla" | b"ga"
        | b"ill" | b"ind" | b"kan" | b"kans" | b"ky" | b"la" | b"md" | b"mass" | b"mich"
        | b"minn" | b"miss" | b"mo" | b"mont" | b"neb" | b"nev" | b"okla" | b"ore" | b"pa"
        | b"penn" | b"tenn" | b"tex" | b"va" | b"vt" | b"wash" | b"wis" | b"wyo" | b"que"
        | b"ont" | b"alta" | b"sask" => Some((Ordinary, true)),
        // Streets and places.
        b"ave" | b"blvd" | b"rd" | b"hwy" | b"bldg" | b"apt" | b"dist" | b"cty" => {
            Some((Ordinary, true))
        }
        // General.
        b"etc" | b"al" | b"esp" | b"incl" | b"misc" | b"min" | b"mins" | b"hr" | b"hrs"
        | b"secs" | b"yr" | b"yrs" | b"mo's" | b"mos" | b"wk" | b"wks" | b"lb" | b"lbs" | b"oz"
        | b"sq" | b"tel" | b"ext" | b"est" | b"avg" | b"max" | b"dia" | b"admin" | b"ref"
        | b"eve" | b"pt's" | b"ibid" | b"mgr" | b"dir" | b"asst" | b"tbsp" | b"tsp" | b"doz"
        | b"gal" | b"ps" | b"sts" | b"qt" | b"cal" | b"temp" | b"div" | b"dept's" | b"fwd" => {
            Some((Ordinary, false))
        }
        _ => None,
    })
    .flatten()?;
    let (kind, needs_capital) = found;
    if needs_capital && !capitalised {
        return None;
    }
    Some(kind)
}

/// Split points of a contraction written without an apostrophe ("cannot" → can|not,
/// "gonna" → gon|na, "dont" → do|nt, "dunno" → du|n|no), following UD English. Returns the
/// first split offset and, for three-part words, the second.
#[inline]
pub(crate) fn contraction_splits(word: &[u8]) -> Option<(usize, Option<usize>)> {
    if !(2..=8).contains(&word.len()) || !CONTRACTIONS.may_contain(word) {
        return None;
    }
    contraction_lookup(word)
}

#[inline(never)]
fn contraction_lookup(word: &[u8]) -> Option<(usize, Option<usize>)> {
    if !word.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let len = word.len();
    with_lowercase(word, |key| match key {
        // Negations: do|nt, could|nt, ai|nt.
        b"dont" | b"wont" | b"cant" | b"aint" | b"isnt" | b"didnt" | b"hasnt" | b"hadnt"
        | b"wasnt" | b"arent" | b"doesnt" | b"werent" | b"havent" | b"couldnt" | b"wouldnt"
        | b"shouldnt" => Some((len - 2, None)),
        // 's, 'm: let|s, that|s, i|m.
        b"lets" | b"hes" | b"whos" | b"thats" | b"whats" | b"heres" | b"theres" | b"wheres"
        | b"im" => Some((len - 1, None)),
        // 're, 'll, 've: you|re, it|ll, i|ve.
        b"youre" | b"theyre" | b"itll" | b"youll" | b"ive" => Some((len - 2, None)),
        b"cannot" | b"gonna" | b"wanna" | b"gotta" | b"outta" => Some((3, None)),
        b"sorta" => Some((4, None)),
        b"dunno" => Some((2, Some(3))),
        _ => None,
    })
    .flatten()
}

/// Every contraction `contraction_splits` knows, for its quick filter.
const CONTRACTIONS: WordFilter = WordFilter::new(&[
    "dont", "wont", "cant", "aint", "isnt", "didnt", "hasnt", "hadnt", "wasnt", "arent", "doesnt",
    "werent", "havent", "couldnt", "wouldnt", "shouldnt", "lets", "hes", "whos", "thats", "whats",
    "heres", "theres", "wheres", "im", "youre", "theyre", "itll", "youll", "ive", "cannot",
    "gonna", "wanna", "gotta", "outta", "sorta", "dunno",
]);

/// A quick, conservative filter over a word list: for each length, the set of first and of
/// last letters (case-insensitive). `may_contain` is false for most words not in the list.
pub(crate) struct WordFilter {
    first: [u32; 17],
    last: [u32; 17],
}

impl WordFilter {
    /// Build the filter from lower-case ASCII words of at most 16 bytes.
    pub(crate) const fn new(words: &[&str]) -> Self {
        let mut first = [0u32; 17];
        let mut last = [0u32; 17];
        let mut i = 0;
        while i < words.len() {
            let word = words[i].as_bytes();
            let len = word.len();
            if len > 0 && len <= 16 {
                first[len] |= letter_bit(word[0]);
                last[len] |= letter_bit(word[len - 1]);
            }
            i += 1;
        }
        WordFilter { first, last }
    }

    /// False when `word` is certainly not in the list.
    #[inline]
    pub(crate) fn may_contain(&self, word: &[u8]) -> bool {
        let len = word.len();
        len > 0
            && len <= 16
            && self.first[len] & letter_bit(word[0]) != 0
            && self.last[len] & letter_bit(word[len - 1]) != 0
    }
}

/// A bit per ASCII letter (case-insensitive); other bytes share bit 31.
const fn letter_bit(b: u8) -> u32 {
    let lower = b.to_ascii_lowercase();
    if lower.is_ascii_lowercase() {
        1 << (lower - b'a')
    } else {
        1 << 31
    }
}

/// Prefixes that keep their hyphen in UD English ("e-mail", "non-violent", "anti-war").
pub(crate) fn is_hyphen_prefix(segment: &[u8]) -> bool {
    with_lowercase(segment, |key| {
        matches!(
            key,
            b"e" | b"non"
                | b"anti"
                | b"pre"
                | b"re"
                | b"mid"
                | b"post"
                | b"over"
                | b"co"
                | b"pro"
                | b"multi"
                | b"ex"
                | b"semi"
                | b"sub"
                | b"cross"
                | b"neo"
                | b"counter"
                | b"psycho"
                | b"socio"
                | b"arch"
                | b"intra"
                | b"inter"
                | b"un"
                | b"mis"
                | b"micro"
                | b"macro"
                | b"mega"
                | b"mini"
                | b"ultra"
                | b"extra"
                | b"hyper"
                | b"quasi"
                | b"pseudo"
                | b"trans"
                | b"bi"
                | b"tri"
                | b"infra"
                | b"neuro"
                | b"geo"
                | b"eco"
                | b"cyber"
        )
    })
    .unwrap_or(false)
}

/// Suffixes that keep their hyphen ("career-wise", "Holocaust-esque").
pub(crate) fn is_hyphen_suffix(segment: &[u8]) -> bool {
    with_lowercase(segment, |key| matches!(key, b"wise" | b"esque")).unwrap_or(false)
}

/// Letters after a number that stay in the number's token: ordinals and decades ("21st",
/// "1990s").
pub(crate) fn is_number_suffix(letters: &[u8]) -> bool {
    with_lowercase(letters, |key| {
        matches!(key, b"st" | b"nd" | b"rd" | b"th" | b"s")
    })
    .unwrap_or(false)
}

/// Units and magnitudes written straight after a number, which UD splits off ("2m" → 2 m,
/// "10am" → 10 am).
pub(crate) fn is_unit(letters: &[u8]) -> bool {
    with_lowercase(letters, |key| {
        matches!(
            key,
            b"m" | b"k"
                | b"b"
                | b"bn"
                | b"mn"
                | b"mm"
                | b"tn"
                | b"am"
                | b"pm"
                | b"km"
                | b"cm"
                | b"kg"
                | b"mg"
                | b"ml"
                | b"l"
                | b"lb"
                | b"lbs"
                | b"oz"
                | b"ft"
                | b"mph"
                | b"kph"
                | b"kmh"
                | b"mi"
                | b"hr"
                | b"hrs"
                | b"min"
                | b"mins"
                | b"sec"
                | b"secs"
                | b"gb"
                | b"mb"
                | b"kb"
                | b"tb"
                | b"ghz"
                | b"mhz"
                | b"kw"
                | b"mw"
                | b"gw"
                | b"kwh"
                | b"mwh"
                | b"yr"
                | b"yrs"
                | b"x"
                | b"p"
        )
    })
    .unwrap_or(false)
}

/// Top-level domains: "example.com" is one token, of kind URL.
pub(crate) fn is_top_level_domain(segment: &[u8]) -> bool {
    with_lowercase(segment, |key| {
        matches!(
            key,
            b"com"
                | b"org"
                | b"net"
                | b"gov"
                | b"edu"
                | b"mil"
                | b"int"
                | b"info"
                | b"biz"
                | b"io"
                | b"co"
                | b"uk"
                | b"us"
                | b"ca"
                | b"de"
                | b"fr"
                | b"au"
                | b"jp"
                | b"cn"
                | b"in"
                | b"ru"
                | b"nl"
                | b"it"
                | b"es"
                | b"eu"
                | b"tv"
                | b"me"
                | b"ly"
                | b"ie"
                | b"nz"
                | b"za"
        )
    })
    .unwrap_or(false)
}

/// File extensions: "report.doc" is one token.
pub(crate) fn is_file_extension(segment: &[u8]) -> bool {
    with_lowercase(segment, |key| {
        matches!(
            key,
            b"doc"
                | b"docx"
                | b"xls"
                | b"xlsx"
                | b"ppt"
                | b"pptx"
                | b"pdf"
                | b"txt"
                | b"htm"
                | b"html"
                | b"php"
                | b"asp"
                | b"aspx"
                | b"jsp"
                | b"jpg"
                | b"jpeg"
                | b"gif"
                | b"png"
                | b"mp3"
                | b"mp4"
                | b"avi"
                | b"wav"
                | b"zip"
                | b"exe"
                | b"csv"
                | b"xml"
                | b"url"
                | b"rtf"
                | b"dat"
        )
    })
    .unwrap_or(false)
}

/// Top-level domains and file extensions: "word.com" and "file.doc" stay one token.
pub(crate) fn is_web_suffix(segment: &[u8]) -> bool {
    is_top_level_domain(segment) || is_file_extension(segment)
}

/// Capitalised words that very often open a sentence, used after an abbreviation that may
/// or may not end one ("… in the U.S. He said").
pub(crate) fn is_sentence_starter(word: &[u8]) -> bool {
    with_lowercase(word, |key| {
        matches!(
            key,
            b"the"
                | b"a"
                | b"an"
                | b"he"
                | b"she"
                | b"it"
                | b"they"
                | b"we"
                | b"i"
                | b"you"
                | b"this"
                | b"that"
                | b"these"
                | b"those"
                | b"there"
                | b"his"
                | b"her"
                | b"their"
                | b"our"
                | b"my"
                | b"its"
                | b"but"
                | b"and"
                | b"or"
                | b"so"
                | b"yet"
                | b"if"
                | b"when"
                | b"while"
                | b"as"
                | b"at"
                | b"in"
                | b"on"
                | b"for"
                | b"after"
                | b"before"
                | b"since"
                | b"although"
                | b"however"
                | b"meanwhile"
                | b"also"
                | b"some"
                | b"many"
                | b"most"
                | b"no"
                | b"not"
                | b"what"
                | b"why"
                | b"how"
                | b"who"
                | b"where"
                | b"please"
                | b"thanks"
                | b"thank"
                | b"let"
                | b"then"
                | b"now"
                | b"here"
                | b"one"
                | b"all"
                | b"both"
                | b"each"
                | b"do"
                | b"does"
                | b"did"
                | b"is"
                | b"are"
                | b"was"
                | b"were"
                | b"will"
                | b"would"
                | b"can"
                | b"could"
                | b"should"
        )
    })
    .unwrap_or(false)
}

/// Capitalised function words that open a sentence and never follow a title ("Dr. It").
pub(crate) fn is_strong_sentence_starter(word: &[u8]) -> bool {
    with_lowercase(word, |key| {
        matches!(
            key,
            b"the"
                | b"he"
                | b"she"
                | b"it"
                | b"they"
                | b"we"
                | b"i"
                | b"this"
                | b"that"
                | b"there"
                | b"but"
                | b"his"
                | b"her"
                | b"their"
                | b"its"
                | b"our"
                | b"my"
                | b"you"
                | b"if"
                | b"when"
        )
    })
    .unwrap_or(false)
}

/// One-word closings of a letter or e-mail, before the signature ("Thanks,", "Regards,").
pub(crate) fn is_valediction(word: &[u8]) -> bool {
    with_lowercase(word, |key| {
        matches!(
            key,
            b"thanks"
                | b"regards"
                | b"sincerely"
                | b"cheers"
                | b"best"
                | b"cordially"
                | b"respectfully"
        )
    })
    .unwrap_or(false)
}

/// Words that commonly follow "a.m."/"p.m." or a date abbreviation inside the same sentence.
pub(crate) fn is_time_continuation(word: &[u8]) -> bool {
    with_lowercase(word, |key| {
        matches!(
            key,
            b"est"
                | b"edt"
                | b"cst"
                | b"cdt"
                | b"mst"
                | b"mdt"
                | b"pst"
                | b"pdt"
                | b"gmt"
                | b"utc"
                | b"bst"
                | b"cet"
                | b"et"
                | b"ct"
                | b"pt"
                | b"monday"
                | b"tuesday"
                | b"wednesday"
                | b"thursday"
                | b"friday"
                | b"saturday"
                | b"sunday"
                | b"today"
                | b"tomorrow"
                | b"yesterday"
                | b"local"
        )
    })
    .unwrap_or(false)
}

/// News agencies that appear in datelines ("WASHINGTON (Reuters) -").
pub(crate) fn is_news_agency(word: &[u8]) -> bool {
    with_lowercase(word, |key| {
        matches!(
            key,
            b"reuters"
                | b"ap"
                | b"afp"
                | b"upi"
                | b"dpa"
                | b"xinhua"
                | b"bloomberg"
                | b"cnn"
                | b"bbc"
                | b"ians"
                | b"pti"
                | b"ani"
                | b"efe"
                | b"ansa"
                | b"kyodo"
                | b"tass"
                | b"itar-tass"
                | b"interfax"
                | b"yonhap"
                | b"aap"
                | b"cp"
                | b"ips"
                | b"irin"
                | b"mena"
                | b"wam"
                | b"spa"
                | b"qna"
                | b"kuna"
                | b"petra"
                | b"sana"
                | b"anadolu"
                | b"ria"
                | b"sapa"
                | b"nan"
        )
    })
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_respect_case() {
        assert_eq!(abbreviation(b"Dr"), Some(Abbreviation::Prenominal));
        assert_eq!(abbreviation(b"Gen"), Some(Abbreviation::Prenominal));
        assert_eq!(abbreviation(b"gen"), None, "lower-case gen is not General");
        assert_eq!(abbreviation(b"etc"), Some(Abbreviation::Ordinary));
        assert_eq!(abbreviation(b"Inc"), Some(Abbreviation::Ordinary));
        assert_eq!(abbreviation(b"INC"), Some(Abbreviation::Ordinary));
        assert_eq!(abbreviation(b"mass"), None);
        assert_eq!(abbreviation(b"dOg"), None);
        assert_eq!(abbreviation(b"the"), None);
    }

    #[test]
    fn contractions() {
        assert_eq!(contraction_splits(b"cannot"), Some((3, None)));
        assert_eq!(contraction_splits(b"Gonna"), Some((3, None)));
        assert_eq!(contraction_splits(b"DONT"), Some((2, None)));
        assert_eq!(contraction_splits(b"theres"), Some((5, None)));
        assert_eq!(contraction_splits(b"dunno"), Some((2, Some(3))));
        assert_eq!(contraction_splits(b"donut"), None);
    }

    #[test]
    fn lists() {
        assert!(is_hyphen_prefix(b"E") && is_hyphen_prefix(b"non"));
        assert!(!is_hyphen_prefix(b"well"));
        assert!(is_unit(b"bn") && !is_unit(b"th"));
        assert!(is_number_suffix(b"th") && is_number_suffix(b"s"));
        assert!(is_web_suffix(b"COM") && !is_web_suffix(b"They"));
    }
}
