//! Constants as gc's messages print them (go/constant's `String`): integers exactly,
//! floats to six significant digits (`%.6g`: `1e+20`, `0.1`, `2e+09`), complex numbers
//! as `(re + imi)`, strings quoted Go-style and cut to 72 characters.

use crate::constant::rat_to_f64;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

/// Go's `fmt.Sprintf("%.6g", v)` for a finite `v`.
pub fn fmt_g6(v: f64) -> String {
    if v == 0.0 {
        return if v.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    // Six significant digits in scientific form tell the exponent after rounding.
    let sci = format!("{v:.5e}");
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", trim_zeros(mant), exp.abs())
    } else {
        let decimals = (5 - exp) as usize;
        trim_zeros(&format!("{v:.decimals$}")).to_string()
    }
}

/// `%g` drops trailing zeros of the fraction, and the point if nothing is left.
fn trim_zeros(s: &str) -> &str {
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { s }
}

/// go/constant's String of a float value: `%.6g` when it fits a float64, else an
/// approximate `m e±d` computed from the magnitude.
pub fn fmt_float(r: &BigRational) -> String {
    let v = rat_to_f64(r);
    if v.is_finite() && (v != 0.0 || r.is_zero()) {
        return fmt_g6(v);
    }
    // Out of float64 range: r = m2 * 2^k with m2 a float64, then to base 10.
    let (n, d) = (r.numer().abs(), r.denom().abs());
    let k = n.bits() as i64 - d.bits() as i64;
    let m2 = if k >= 0 {
        BigRational::new(n, d << (k as usize))
    } else {
        BigRational::new(n << ((-k) as usize), d)
    };
    let m2 = m2.to_f64().unwrap_or(1.0);
    let log10 = m2.log10() + k as f64 * std::f64::consts::LOG10_2;
    let mut e = log10.floor() as i64;
    let mut m = 10f64.powf(log10 - e as f64);
    if m >= 10.0 - 0.5e-5 {
        m /= 10.0;
        e += 1;
    }
    if r.is_negative() {
        m = -m;
    }
    format!("{}e{}{e}", fmt_g6(m), if e >= 0 { "+" } else { "" })
}

/// strconv.Quote, shortened as go/constant does past 72 characters.
pub fn fmt_string(bytes: &[u8]) -> String {
    const MAX: usize = 72;
    let s = quote(bytes);
    if s.chars().count() <= MAX {
        return s;
    }
    let cut: String = s.chars().take(MAX - 3).collect();
    format!("{cut}...")
}

/// Go's strconv.Quote: printable runes as they are, the usual backslash escapes,
/// invalid UTF-8 bytes as `\xNN`, other runes as `\uNNNN` / `\UNNNNNNNN`.
pub fn quote(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\x07' => out.push_str("\\a"),
                '\x08' => out.push_str("\\b"),
                '\x0c' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\x0b' => out.push_str("\\v"),
                c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
                c if c.is_control() || c == '\u{feff}' => {
                    if (c as u32) < 0x10000 {
                        out.push_str(&format!("\\u{:04x}", c as u32));
                    } else {
                        out.push_str(&format!("\\U{:08x}", c as u32));
                    }
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digits_like_go() {
        for (v, want) in [
            (1e20, "1e+20"),
            (2e9, "2e+09"),
            (0.1, "0.1"),
            (1.00000001, "1"),
            (1e-8, "1e-08"),
            (123456.0, "123456"),
            (1234567.0, "1.23457e+06"),
            (3.14, "3.14"),
            (-2.5, "-2.5"),
            (0.0001, "0.0001"),
            (0.00001234, "1.234e-05"),
            (999999.5, "1e+06"),
            (1.7976931348623157e308, "1.79769e+308"),
        ] {
            assert_eq!(fmt_g6(v), want, "{v}");
        }
    }

    #[test]
    fn huge_floats() {
        let r = BigRational::from_integer(num_bigint::BigInt::from(10).pow(500));
        assert_eq!(fmt_float(&r), "1e+500");
        let r = BigRational::new(1.into(), num_bigint::BigInt::from(10).pow(500));
        assert_eq!(fmt_float(&r), "1e-500");
    }

    #[test]
    fn strings() {
        assert_eq!(quote(b"a\"b\n\xff"), r#""a\"b\n\xff""#);
        assert_eq!(fmt_string("x".repeat(100).as_bytes()).chars().count(), 72);
    }
}
