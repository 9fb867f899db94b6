//! Go's regexp syntax (RE2, as Go's regexp/syntax parses it) in the dialect of the
//! `regex` crate. The two agree except where Go is lenient: a `{` that does not start a
//! repetition (`{2}`, `{2,}`, `{2,5}`) is a literal brace in Go, a syntax error in
//! `regex`. The suite's ERROR patterns rely on that all the time (`T{}`, `expecting {`),
//! so such braces are escaped. Everything else passes through unchanged.

/// `re` (Go syntax) rewritten so that `regex::Regex::new` reads it as Go would.
pub fn translate(re: &str) -> String {
    let b = re.as_bytes();
    let mut out = String::with_capacity(re.len() + 8);
    let mut i = 0;
    let mut in_class = false;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\\' => {
                // An escape and the character it escapes, whatever they are.
                let end = (i + 1 + re[i + 1..].chars().next().map_or(0, char::len_utf8)).min(b.len());
                out.push_str(&re[i..end]);
                i = end;
                continue;
            }
            b'[' if !in_class => {
                in_class = true;
                out.push('[');
                i += 1;
                // `]` right after `[` or `[^` is a literal in both dialects; copy it so
                // it does not end the class.
                if b.get(i) == Some(&b'^') {
                    out.push('^');
                    i += 1;
                }
                if b.get(i) == Some(&b']') {
                    out.push(']');
                    i += 1;
                }
                continue;
            }
            b'[' if in_class => {
                // A literal `[` inside a class in Go unless it opens `[:name:]`; for
                // `regex` a bare `[` there would open a nested class.
                if re[i..].starts_with("[:") {
                    if let Some(end) = re[i + 2..].find(":]") {
                        out.push_str(&re[i..i + 2 + end + 2]);
                        i += 2 + end + 2;
                        continue;
                    }
                }
                out.push_str("\\[");
            }
            b']' if in_class => {
                in_class = false;
                out.push(']');
            }
            b'{' if !in_class && !is_repetition(&re[i..]) => out.push_str("\\{"),
            _ => {
                let ch = re[i..].chars().next().unwrap_or('\u{fffd}');
                out.push(ch);
                i += ch.len_utf8();
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Whether `s` (starting at a `{`) is a repetition `{n}`, `{n,}` or `{n,m}`.
fn is_repetition(s: &str) -> bool {
    let Some(end) = s.find('}') else { return false };
    let inner = &s[1..end];
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit());
    match inner.split_once(',') {
        None => digits(inner),
        Some((lo, hi)) => digits(lo) && (hi.is_empty() || digits(hi)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_braces() {
        assert_eq!(translate(r"T0{} \(type T0\)"), r"T0\{} \(type T0\)");
        assert_eq!(translate("expecting {"), r"expecting \{");
        assert_eq!(translate(r"\[\]int{.*}"), r"\[\]int\{.*}");
        for re in ["T0{}", "expecting { after", r"\[\]int{.*}", "interface *{} and int"] {
            assert!(regex::Regex::new(&translate(re)).is_ok(), "{re}");
        }
        assert!(regex::Regex::new(&translate("x{")).unwrap().is_match("x{"));
        assert!(regex::Regex::new(&translate("a{}")).unwrap().is_match("a{}"));
    }

    #[test]
    fn repetitions_and_classes_stay() {
        assert_eq!(translate("a{2}b{1,}c{1,3}"), "a{2}b{1,}c{1,3}");
        assert_eq!(translate("[{}]"), "[{}]");
        assert_eq!(translate("[][]"), r"[]\[]");
        assert_eq!(translate("[[:alpha:]x]"), "[[:alpha:]x]");
        assert_eq!(translate(r"\{é"), r"\{é");
    }
}
