//! Amounts: numbers with what they count ("two Chadian officials", "1,200 troops"), money
//! ("$2.5 million"), percentages ("40 percent", "40%") and measures ("5 km").

use newsgraph_core::{Amount, AmountKind, Span};

use crate::words::{number_phrase, scale, Word};
use crate::{Input, TokenInfo};

fn currency_symbol(word: &str) -> Option<&'static str> {
    Some(match word {
        "$" | "us$" => "USD",
        "£" => "GBP",
        "€" => "EUR",
        "¥" => "JPY",
        "a$" => "AUD",
        "c$" => "CAD",
        "hk$" => "HKD",
        _ => return None,
    })
}

fn currency_word(word: &str) -> Option<&'static str> {
    Some(match word {
        "dollar" | "dollars" => "USD",
        "pound" | "pounds" | "sterling" => "GBP",
        "euro" | "euros" => "EUR",
        "yen" => "JPY",
        "yuan" | "renminbi" => "CNY",
        "rupee" | "rupees" => "INR",
        "rouble" | "roubles" | "ruble" | "rubles" => "RUB",
        "francs" | "franc" => "CHF",
        _ => return None,
    })
}

fn measure_unit(word: &str) -> Option<&'static str> {
    Some(match word {
        "km" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => "km",
        "mile" | "miles" => "mi",
        "metre" | "metres" | "meter" | "meters" => "m",
        "cm" | "centimetres" | "centimeters" => "cm",
        "mm" | "millimetres" | "millimeters" => "mm",
        "ft" | "foot" | "feet" => "ft",
        "inch" | "inches" => "in",
        "kg" | "kilogram" | "kilograms" | "kilos" => "kg",
        "g" | "gram" | "grams" => "g",
        "tonne" | "tonnes" | "ton" | "tons" => "t",
        "lb" | "lbs" | "pounds-weight" => "lb",
        "hectare" | "hectares" | "ha" => "ha",
        "acre" | "acres" => "acre",
        "litre" | "litres" | "liter" | "liters" => "l",
        "gallon" | "gallons" => "gal",
        "barrel" | "barrels" => "bbl",
        "mph" => "mph",
        "kph" | "km/h" => "km/h",
        "degree" | "degrees" => "degree",
        "mw" | "megawatts" => "MW",
        "gw" | "gigawatts" => "GW",
        _ => return None,
    })
}

/// Vague quantities: "dozens", "hundreds", "thousands", "tens of thousands".
fn vague(words: &[Word<'_>], i: usize) -> Option<usize> {
    let w = |k: usize| words.get(k).map_or("", |w| &*w.lower);
    match w(i) {
        "tens" | "hundreds" if w(i + 1) == "of" && matches!(w(i + 2), "thousands" | "millions") => {
            Some(i + 3)
        }
        "dozens" | "hundreds" | "thousands" | "millions" | "billions" | "scores" => Some(i + 1),
        _ => None,
    }
}

/// A number word glued to a scale or unit suffix: "3bn", "2.5m", "5km", "40%".
fn glued(word: &str) -> Option<(f64, &str)> {
    let split = word
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map(|(k, _)| k)?;
    if split == 0 {
        return None;
    }
    let value = crate::words::digits(&word[..split])?;
    Some((value, &word[split..]))
}

/// A simple English singular, for when no lemmatiser is at hand.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        if stem.len() > 1 {
            return format!("{stem}y");
        }
    }
    for suffix in ["ches", "shes", "sses", "xes"] {
        if word.ends_with(suffix) {
            return word[..word.len() - 2].to_string();
        }
    }
    if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") {
        return word[..word.len() - 1].to_string();
    }
    if word == "people" {
        return "person".into();
    }
    if word == "men" {
        return "man".into();
    }
    if word == "women" {
        return "woman".into();
    }
    if word == "children" {
        return "child".into();
    }
    word.to_string()
}

fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "of" | "the"
            | "a"
            | "an"
            | "and"
            | "or"
            | "to"
            | "in"
            | "on"
            | "at"
            | "for"
            | "by"
            | "with"
            | "from"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "have"
            | "has"
            | "had"
            | "that"
            | "this"
            | "it"
            | "who"
            | "which"
            | "than"
            | "more"
            | "per"
            | "percent"
            | "as"
            | "but"
            | "not"
            | "out"
            | "up"
            | "down"
            | "over"
            | "under"
            | "about"
    )
}

/// Find the amounts of a text. `covered` marks tokens already inside time expressions (their
/// numbers are dates and durations, not amounts).
pub fn find_amounts(input: &Input<'_>, info: &dyn TokenInfo, covered: &[bool]) -> Vec<Amount> {
    let mut out = Vec::new();
    let mut words = Vec::new();
    for (sentence_index, range) in input.sentences.iter().enumerate() {
        let Some(spans) = input.tokens.get(range.clone()) else {
            continue;
        };
        crate::words::words(input.text, spans, range.start, &mut words);
        let mut i = 0;
        while i < words.len() {
            match amount_at(input, info, &words, i, covered, sentence_index) {
                Some((amount, end)) => {
                    out.push(amount);
                    i = end.max(i + 1);
                }
                None => i += 1,
            }
        }
    }
    out
}

fn amount_at(
    input: &Input<'_>,
    info: &dyn TokenInfo,
    words: &[Word<'_>],
    i: usize,
    covered: &[bool],
    sentence: usize,
) -> Option<(Amount, usize)> {
    let w = |k: usize| words.get(k).map_or("", |w| &*w.lower);
    let is_covered = |k: usize| {
        words
            .get(k)
            .is_some_and(|w| covered.get(w.token).copied().unwrap_or(false))
    };
    if is_covered(i) {
        return None;
    }
    let first = w(i);
    let first_byte = *first.as_bytes().first()?;
    // Cheap rejection: amounts start with a digit, a currency sign or a number word.
    if !(first_byte.is_ascii_digit()
        || !first_byte.is_ascii()
        || first_byte == b'$'
        || crate::words::cardinal(first).is_some()
        || matches!(
            first,
            "a" | "an"
                | "dozens"
                | "hundreds"
                | "thousands"
                | "millions"
                | "billions"
                | "tens"
                | "us$"
                | "a$"
                | "c$"
                | "hk$"
                | "scores"
        ))
    {
        return None;
    }

    // Currency before the number: "$", "$2.5" glued, "US$".
    let mut currency: Option<&'static str> = None;
    let mut k = i;
    if let Some(c) = currency_symbol(first) {
        currency = Some(c);
        k += 1;
    }
    let mut glued_rest: Option<(f64, String)> = None;
    if currency.is_none() {
        for (symbol, code) in [
            ("$", "USD"),
            ("£", "GBP"),
            ("€", "EUR"),
            ("us$", "USD"),
            ("¥", "JPY"),
        ] {
            if let Some(rest) = first.strip_prefix(symbol) {
                if let Some(v) = crate::words::digits(rest) {
                    currency = Some(code);
                    glued_rest = Some((v, String::new()));
                } else if let Some((v, suffix)) = glued(rest) {
                    currency = Some(code);
                    glued_rest = Some((v, suffix.to_string()));
                }
                break;
            }
        }
    }

    // The number.
    let (mut value, mut end): (Option<f64>, usize) = if let Some((v, suffix)) = &glued_rest {
        let v = match scale_suffix(suffix) {
            Some(m) => v * m,
            None if suffix.is_empty() => *v,
            None => return None,
        };
        let mut end = i + 1;
        let mut v = v;
        while let Some(m) = scale(w(end)) {
            v *= m;
            end += 1;
        }
        (Some(v), end)
    } else if let Some((end, v)) = number_phrase(words, k) {
        (Some(v), end)
    } else if let Some((v, suffix)) = glued(w(k)) {
        // "3bn", "5km", "40%"
        if let Some(m) = scale_suffix(suffix) {
            (Some(v * m), k + 1)
        } else if suffix == "%" {
            let span = Span::new(words[i].span.start, words[k].span.end);
            return Some((
                amount(
                    input,
                    span,
                    sentence,
                    AmountKind::Percent,
                    Some(v),
                    "percent",
                ),
                k + 1,
            ));
        } else if let Some(unit) = measure_unit(suffix) {
            let span = Span::new(words[i].span.start, words[k].span.end);
            return Some((
                amount(input, span, sentence, AmountKind::Measure, Some(v), unit),
                k + 1,
            ));
        } else {
            return None;
        }
    } else if matches!(w(k), "a" | "an") && currency.is_none() {
        // "a dozen", "a hundred", "a million"
        match w(k + 1) {
            "dozen" => (Some(12.0), k + 2),
            s => {
                let m = scale(s).filter(|_| s.len() > 2)?;
                let mut end = k + 2;
                let mut v = m;
                while let Some(m) = scale(w(end)).filter(|_| w(end).len() > 2) {
                    v *= m;
                    end += 1;
                }
                (Some(v), end)
            }
        }
    } else if let Some(end) = vague(words, k) {
        (None, end)
    } else {
        return None;
    };
    if end <= i || is_covered(end.saturating_sub(1)) {
        return None;
    }
    if w(end) == "dozen" {
        value = value.map(|v| v * 12.0);
        end += 1;
    }
    // Written numbers need something after them to be amounts ("one of them" is not).
    let first_number = w(k);
    let written = !first_number
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_digit)
        && glued_rest.is_none();

    let span_to = |e: usize| Span::new(words[i].span.start, words[e - 1].span.end);

    if let Some(code) = currency {
        return Some((
            amount(
                input,
                span_to(end),
                sentence,
                AmountKind::Money,
                value,
                code,
            ),
            end,
        ));
    }
    let next = w(end);
    match next {
        "%" => {
            return Some((
                amount(
                    input,
                    span_to(end + 1),
                    sentence,
                    AmountKind::Percent,
                    value,
                    "percent",
                ),
                end + 1,
            ))
        }
        "percent" | "pct" => {
            let e = if w(end + 1) == "points" {
                end + 2
            } else {
                end + 1
            };
            return Some((
                amount(
                    input,
                    span_to(e),
                    sentence,
                    AmountKind::Percent,
                    value,
                    "percent",
                ),
                e,
            ));
        }
        "per" if w(end + 1) == "cent" => {
            return Some((
                amount(
                    input,
                    span_to(end + 2),
                    sentence,
                    AmountKind::Percent,
                    value,
                    "percent",
                ),
                end + 2,
            ))
        }
        "percentage" if w(end + 1) == "points" || w(end + 1) == "point" => {
            return Some((
                amount(
                    input,
                    span_to(end + 2),
                    sentence,
                    AmountKind::Percent,
                    value,
                    "percentage point",
                ),
                end + 2,
            ))
        }
        _ => {}
    }
    if let Some(code) = currency_word(next) {
        return Some((
            amount(
                input,
                span_to(end + 1),
                sentence,
                AmountKind::Money,
                value,
                code,
            ),
            end + 1,
        ));
    }
    if let Some(unit) = measure_unit(next) {
        if !(written && value.is_none()) {
            return Some((
                amount(
                    input,
                    span_to(end + 1),
                    sentence,
                    AmountKind::Measure,
                    value,
                    unit,
                ),
                end + 1,
            ));
        }
    }
    // A count: find what is counted.
    let counted = counted_noun(info, words, k, end);
    let (token, word_index) = counted?;
    if written && matches!(first_number, "one") && w(end) == "of" {
        return None;
    }
    let counted_word = &words[word_index];
    let lemma = match info.lemma(token).map(|l| l.to_lowercase()) {
        // A plural the lemmatiser left alone (a tagging slip): singularise it.
        Some(l) if l == *counted_word.lower && info.xpos(token) == Some("NNS") => singular(&l),
        Some(l) => l,
        None => singular(&counted_word.lower),
    };
    let mut result = amount(input, span_to(end), sentence, AmountKind::Count, value, "");
    result.unit = None;
    result.counted = Some(lemma);
    result.counted_span = Some(counted_word.span);
    Some((result, end))
}

fn scale_suffix(suffix: &str) -> Option<f64> {
    Some(match suffix {
        "k" => 1e3,
        "m" | "mn" | "mln" => 1e6,
        "bn" | "b" | "bln" => 1e9,
        "tn" | "trn" => 1e12,
        _ => return None,
    })
}

/// The noun a number counts: its head when the parse says `nummod`, else the first noun after
/// it (past adjectives and "of" in "thousands of people"), within a few words.
fn counted_noun(
    info: &dyn TokenInfo,
    words: &[Word<'_>],
    number: usize,
    end: usize,
) -> Option<(usize, usize)> {
    let number_token = words.get(end.checked_sub(1)?)?.token;
    if info.deprel(number_token) == Some("nummod") {
        if let Some(head) = info.head(number_token) {
            if head > number_token {
                if let Some(k) = words.iter().position(|w| w.token == head) {
                    if info.xpos(head).is_some_and(|x| x.starts_with("NN")) {
                        return Some((head, k));
                    }
                }
            }
        }
    }
    let tagged = info.xpos(words.get(number)?.token).is_some();
    let mut k = end;
    if words.get(k).is_some_and(|w| &*w.lower == "of") {
        k += 1;
        if words
            .get(k)
            .is_some_and(|w| matches!(&*w.lower, "the" | "these" | "those" | "them" | "us"))
        {
            return None;
        }
    }
    for _ in 0..4 {
        let word = words.get(k)?;
        let token = word.token;
        if tagged {
            match info.xpos(token) {
                Some("NN" | "NNS") => return Some((token, k)),
                Some("JJ" | "JJR" | "NNP" | "NNPS" | "VBN" | "VBG" | "HYPH" | "CD") => {}
                _ => return None,
            }
        } else {
            let w = &*word.lower;
            if is_function_word(w) || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
                return None;
            }
            // Untagged: adjectives cannot be told apart, so within the next few content
            // words prefer a plural ("two Chadian officials"), else the first word.
            let plural = |w: &str| {
                (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss"))
                    || matches!(w, "people" | "men" | "women" | "children")
            };
            let first = (token, k);
            for j in k..k + 3 {
                let Some(word) = words.get(j) else { break };
                let w = &*word.lower;
                if is_function_word(w) || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
                    break;
                }
                if plural(w) {
                    return Some((word.token, j));
                }
            }
            return Some(first);
        }
        k += 1;
    }
    None
}

fn amount(
    input: &Input<'_>,
    span: Span,
    sentence: usize,
    kind: AmountKind,
    value: Option<f64>,
    unit: &str,
) -> Amount {
    Amount {
        span,
        sentence,
        text: span.slice(input.text).unwrap_or("").to_string(),
        kind,
        value,
        unit: (!unit.is_empty()).then(|| unit.to_string()),
        counted: None,
        counted_span: None,
    }
}
