//! Values of string and rune literals: unquoting with every Go escape form.
//!
//! Works on the literal's source text alone (as kept in `BasicLit::raw`); knows nothing
//! of tokens or the tree. Numbers are left to the checker (exact arithmetic).

/// An invalid literal: byte offset within the literal's text, and gc's message.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct LitError {
    pub offset: u32,
    pub message: String,
}

fn err(offset: usize, message: impl Into<String>) -> LitError {
    LitError {
        offset: offset as u32,
        message: message.into(),
    }
}

/// The bytes of a string literal (`"..."` interpreted or `` `...` `` raw). Go strings
/// are byte strings: `"\xff"` is one byte that is not UTF-8. Raw strings lose `\r`.
pub fn unquote_string(raw: &str) -> Result<Vec<u8>, LitError> {
    let b = raw.as_bytes();
    if b.len() >= 2 && b[0] == b'`' && b[b.len() - 1] == b'`' {
        return Ok(b[1..b.len() - 1]
            .iter()
            .copied()
            .filter(|&c| c != b'\r')
            .collect());
    }
    if b.len() < 2 || b[0] != b'"' || b[b.len() - 1] != b'"' {
        return Err(err(0, "string literal not terminated"));
    }
    let body = &raw[1..raw.len() - 1];
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    let bb = body.as_bytes();
    while i < bb.len() {
        match bb[i] {
            b'\\' => {
                let (v, n, is_byte) = escape(body, i, b'"').map_err(|e| LitError {
                    offset: e.offset + 1,
                    message: e.message,
                })?;
                push_value(&mut out, v, is_byte);
                i += n;
            }
            b'\n' => return Err(err(i + 1, "newline in string")),
            _ => {
                out.push(bb[i]);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// The value (a Unicode code point, or a byte value for `\x`/octal escapes) of a rune
/// literal such as `'a'`, `'\n'`, `'\u00e9'`, `'\377'`.
pub fn unquote_char(raw: &str) -> Result<u32, LitError> {
    let b = raw.as_bytes();
    if b.len() < 2 || b[0] != b'\'' || b[b.len() - 1] != b'\'' {
        return Err(err(0, "rune literal not terminated"));
    }
    let body = &raw[1..raw.len() - 1];
    if body.is_empty() {
        return Err(err(1, "empty rune literal or unescaped '"));
    }
    let (v, n) = if body.as_bytes()[0] == b'\\' {
        let (v, n, _) = escape(body, 0, b'\'').map_err(|e| LitError {
            offset: e.offset + 1,
            message: e.message,
        })?;
        (v, n)
    } else {
        let c = body.chars().next().unwrap_or('\0');
        (c as u32, c.len_utf8())
    };
    if n != body.len() {
        return Err(err(0, "more than one character in rune literal"));
    }
    Ok(v)
}

/// Appends a decoded value: a raw byte for `\x`/octal escapes, else UTF-8.
fn push_value(out: &mut Vec<u8>, v: u32, is_byte: bool) {
    if is_byte {
        out.push(v as u8);
    } else {
        let c = char::from_u32(v).unwrap_or('\u{FFFD}');
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }
}

/// Decodes the escape starting at `s[i] == '\\'` inside a literal quoted by `quote`.
/// Returns (value, bytes consumed, value-is-a-byte). Offsets in errors are within `s`.
pub(crate) fn escape(s: &str, i: usize, quote: u8) -> Result<(u32, usize, bool), LitError> {
    let b = s.as_bytes();
    let Some(&c) = b.get(i + 1) else {
        return Err(err(i + 1, "escape sequence not terminated"));
    };
    let simple = match c {
        b'a' => Some(7),
        b'b' => Some(8),
        b'f' => Some(12),
        b'n' => Some(10),
        b'r' => Some(13),
        b't' => Some(9),
        b'v' => Some(11),
        b'\\' => Some(b'\\' as u32),
        _ if c == quote => Some(c as u32),
        _ => None,
    };
    if let Some(v) = simple {
        return Ok((v, 2, false));
    }
    let (base, digits, max, is_byte, start) = match c {
        b'0'..=b'7' => (8u32, 3usize, 255u32, true, i + 1),
        b'x' => (16, 2, 255, true, i + 2),
        b'u' => (16, 4, 0x10FFFF, false, i + 2),
        b'U' => (16, 8, 0x10FFFF, false, i + 2),
        _ => return Err(err(i + 1, "unknown escape")),
    };
    let mut v: u32 = 0;
    for k in 0..digits {
        let d = b.get(start + k).copied();
        let dv = d.and_then(|d| (d as char).to_digit(base));
        match dv {
            Some(dv) => v = v.wrapping_mul(base).wrapping_add(dv),
            None => {
                let name = if base == 8 { "octal" } else { "hexadecimal" };
                let msg = match d {
                    Some(d) if d < 0x80 => {
                        format!("invalid character {:?} in {} escape", d as char, name)
                    }
                    Some(_) => {
                        let ch = s[start + k..].chars().next().unwrap_or('\u{FFFD}');
                        format!("invalid character {:?} in {} escape", ch, name)
                    }
                    None => "escape sequence not terminated".to_string(),
                };
                return Err(err(start + k, msg));
            }
        }
    }
    let end = start + digits;
    if base == 8 && v > 255 {
        return Err(err(end, format!("octal escape value {} > 255", v)));
    }
    if v > max || (0xD800..0xE000).contains(&v) {
        return Err(err(
            end,
            format!("escape is invalid Unicode code point {}", unicode_plus(v)),
        ));
    }
    Ok((v, end - i, is_byte))
}

/// Formats a code point as Go's `%#U` does: `U+D800` or `U+0041 'A'`.
pub(crate) fn unicode_plus(v: u32) -> String {
    let mut s = format!("U+{:04X}", v);
    if let Some(c) = char::from_u32(v)
        && (!c.is_control() && !c.is_whitespace() || c == ' ')
    {
        s.push_str(&format!(" '{}'", c));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings() {
        assert_eq!(unquote_string(r#""a\n\t\"b""#).unwrap(), b"a\n\t\"b");
        assert_eq!(unquote_string(r#""\xff\377\u00e9\U0001F600""#).unwrap(), {
            let mut v = vec![0xff, 0xff];
            v.extend_from_slice("é😀".as_bytes());
            v
        });
        assert_eq!(unquote_string("`a\r\nb`").unwrap(), b"a\nb");
        assert_eq!(
            unquote_string(r#""\q""#).unwrap_err().message,
            "unknown escape"
        );
        assert_eq!(
            unquote_string(r#""\'""#).unwrap_err().message,
            "unknown escape"
        );
        assert!(
            unquote_string(r#""\400""#)
                .unwrap_err()
                .message
                .contains("> 255")
        );
        assert!(
            unquote_string(r#""\uD800""#)
                .unwrap_err()
                .message
                .contains("U+D800")
        );
        assert!(
            unquote_string(r#""\xZ0""#)
                .unwrap_err()
                .message
                .contains("hexadecimal")
        );
    }

    #[test]
    fn chars() {
        assert_eq!(unquote_char("'a'").unwrap(), 'a' as u32);
        assert_eq!(unquote_char(r"'\''").unwrap(), '\'' as u32);
        assert_eq!(unquote_char("'é'").unwrap(), 'é' as u32);
        assert_eq!(unquote_char(r"'\377'").unwrap(), 255);
        assert_eq!(unquote_char(r"'\U0010FFFF'").unwrap(), 0x10FFFF);
        assert!(unquote_char("''").is_err());
        assert!(unquote_char("'ab'").is_err());
        assert!(unquote_char(r#"'\"'"#).is_err());
    }
}
