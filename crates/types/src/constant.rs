//! Exact constant values and their arithmetic (the spec's "Constant expressions").
//!
//! Integers are arbitrary-precision; floats and complex parts are exact rationals, so
//! `1 << 100 >> 98` and `0.1 + 0.2 == 0.3` come out as the spec requires. Rounding to a
//! machine type happens only when a constant is converted to a typed float or used.
//! This module knows nothing about Go types beyond the four constant kinds; the checker
//! decides representability.

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::fmt;

/// A constant value. The kind of an untyped constant (rune counts as Int) follows
/// from the variant; the checker keeps the untyped/typed distinction separately.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Bool(bool),
    /// Go strings are byte sequences, not necessarily UTF-8.
    String(Vec<u8>),
    Int(BigInt),
    Float(BigRational),
    Complex(BigRational, BigRational),
}

/// Binary operators on constants, by their Go spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Quo,
    Rem,
    And,
    Or,
    Xor,
    AndNot,
    LAnd,
    LOr,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Value {
    pub fn int(v: i64) -> Value {
        Value::Int(BigInt::from(v))
    }

    /// Rank of the numeric kind: Int < Float < Complex; a binary operation on two
    /// untyped constants yields the larger kind.
    pub fn numeric_rank(&self) -> Option<u8> {
        match self {
            Value::Int(_) => Some(0),
            Value::Float(_) => Some(1),
            Value::Complex(..) => Some(2),
            _ => None,
        }
    }

    /// Converts a numeric constant to the given rank (Int=0, Float=1, Complex=2), if exact.
    pub fn to_rank(&self, rank: u8) -> Option<Value> {
        match (self, rank) {
            (Value::Int(i), 0) => Some(Value::Int(i.clone())),
            (Value::Int(i), 1) => Some(Value::Float(BigRational::from_integer(i.clone()))),
            (Value::Int(i), 2) => Some(Value::Complex(
                BigRational::from_integer(i.clone()),
                BigRational::zero(),
            )),
            (Value::Float(f), 0) => f.is_integer().then(|| Value::Int(f.to_integer())),
            (Value::Float(f), 1) => Some(Value::Float(f.clone())),
            (Value::Float(f), 2) => Some(Value::Complex(f.clone(), BigRational::zero())),
            (Value::Complex(re, im), r) if im.is_zero() => Value::Float(re.clone()).to_rank(r),
            (Value::Complex(re, im), 2) => Some(Value::Complex(re.clone(), im.clone())),
            _ => None,
        }
    }

    pub fn as_bigint(&self) -> Option<BigInt> {
        match self.to_rank(0)? {
            Value::Int(i) => Some(i),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        self.as_bigint()?.to_i64()
    }

    pub fn as_u64(&self) -> Option<u64> {
        self.as_bigint()?.to_u64()
    }

    /// The value as the nearest f64 (for float constants given a machine type).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(rat_to_f64(&BigRational::from_integer(i.clone()))),
            Value::Float(f) => Some(rat_to_f64(f)),
            Value::Complex(re, im) if im.is_zero() => Some(rat_to_f64(re)),
            _ => None,
        }
    }

    pub fn as_complex_f64(&self) -> Option<(f64, f64)> {
        match self.to_rank(2)? {
            Value::Complex(re, im) => Some((rat_to_f64(&re), rat_to_f64(&im))),
            _ => None,
        }
    }

    pub fn is_zero(&self) -> bool {
        match self {
            Value::Int(i) => i.is_zero(),
            Value::Float(f) => f.is_zero(),
            Value::Complex(re, im) => re.is_zero() && im.is_zero(),
            _ => false,
        }
    }

    /// Unary `-`, `+`, `^` (with `bits` for typed unsigned complement) and `!`.
    pub fn unary(&self, op: char, unsigned_bits: Option<u32>) -> Option<Value> {
        Some(match (op, self) {
            ('+', v) if v.numeric_rank().is_some() => v.clone(),
            ('-', Value::Int(i)) => Value::Int(-i),
            ('-', Value::Float(f)) => Value::Float(-f),
            ('-', Value::Complex(re, im)) => Value::Complex(-re, -im),
            ('^', Value::Int(i)) => match unsigned_bits {
                Some(bits) => {
                    let mask = (BigInt::one() << bits) - 1;
                    Value::Int(i ^ mask)
                }
                None => Value::Int(-i - 1),
            },
            ('!', Value::Bool(b)) => Value::Bool(!b),
            _ => return None,
        })
    }

    /// Binary arithmetic. Both operands must already have the same kind (call
    /// `match_kinds` first). `int_division` selects truncated integer division for `/`
    /// (both operands integers: untyped int constants or a typed integer type).
    /// Returns Err with gc's message on division by zero.
    pub fn binary(&self, op: Op, y: &Value) -> Result<Value, &'static str> {
        use Value::*;
        Ok(match (self, y) {
            (Bool(a), Bool(b)) => match op {
                Op::LAnd => Bool(*a && *b),
                Op::LOr => Bool(*a || *b),
                _ => return Err("invalid operation"),
            },
            (String(a), String(b)) if op == Op::Add => String([a.as_slice(), b.as_slice()].concat()),
            (Int(a), Int(b)) => match op {
                Op::Add => Int(a + b),
                Op::Sub => Int(a - b),
                Op::Mul => Int(a * b),
                Op::Quo => {
                    if b.is_zero() {
                        return Err("division by zero");
                    }
                    // Go truncates toward zero; BigInt's `/` does too.
                    Int(a / b)
                }
                Op::Rem => {
                    if b.is_zero() {
                        return Err("division by zero");
                    }
                    Int(a % b)
                }
                Op::And => Int(a & b),
                Op::Or => Int(a | b),
                Op::Xor => Int(a ^ b),
                Op::AndNot => Int(a & !b),
                _ => return Err("invalid operation"),
            },
            (Float(a), Float(b)) => match op {
                Op::Add => Float(a + b),
                Op::Sub => Float(a - b),
                Op::Mul => Float(a * b),
                Op::Quo => {
                    if b.is_zero() {
                        return Err("division by zero");
                    }
                    Float(a / b)
                }
                _ => return Err("invalid operation"),
            },
            (Complex(ar, ai), Complex(br, bi)) => match op {
                Op::Add => Complex(ar + br, ai + bi),
                Op::Sub => Complex(ar - br, ai - bi),
                Op::Mul => Complex(ar * br - ai * bi, ar * bi + ai * br),
                Op::Quo => {
                    let d = br * br + bi * bi;
                    if d.is_zero() {
                        return Err("division by zero");
                    }
                    Complex((ar * br + ai * bi) / &d, (ai * br - ar * bi) / &d)
                }
                _ => return Err("invalid operation"),
            },
            _ => return Err("invalid operation"),
        })
    }

    /// Whether the value exceeds what gc represents for untyped constants: integers of
    /// more than 512 bits (gc reports "constant ... overflow"), and rationals whose
    /// exact form has grown beyond any float exponent (kept finite in memory).
    pub fn too_large(&self) -> bool {
        match self {
            Value::Int(i) => i.bits() > 512,
            Value::Float(f) => f.numer().bits() > 20000 || f.denom().bits() > 20000,
            Value::Complex(re, im) => {
                Value::Float(re.clone()).too_large() || Value::Float(im.clone()).too_large()
            }
            _ => false,
        }
    }

    /// Integer division as Go defines it for the integer `/` on typed and untyped
    /// integer constants: the same as `binary(Quo)` on Int values.
    pub fn is_int(&self) -> bool {
        matches!(self, Value::Int(_))
    }

    pub fn shift(&self, left: bool, count: u64) -> Option<Value> {
        let Value::Int(i) = self else { return None };
        if count > 100_000 {
            return None;
        }
        Some(Value::Int(if left {
            i << count as usize
        } else {
            // Arithmetic shift: floor division by 2^count, as Go's >> on signed values.
            let d = BigInt::one() << count as usize;
            i.div_floor(&d)
        }))
    }

    pub fn compare(&self, op: Cmp, y: &Value) -> Option<bool> {
        use std::cmp::Ordering;
        let ord: Option<Ordering> = match (self, y) {
            (Value::Bool(a), Value::Bool(b)) => {
                return match op {
                    Cmp::Eq => Some(a == b),
                    Cmp::Ne => Some(a != b),
                    _ => None,
                };
            }
            (Value::Complex(..), Value::Complex(..)) => {
                return match op {
                    Cmp::Eq => Some(self == y),
                    Cmp::Ne => Some(self != y),
                    _ => None,
                };
            }
            (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
            (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
            (Value::Float(a), Value::Float(b)) => Some(a.cmp(b)),
            _ => None,
        };
        let ord = ord?;
        Some(match op {
            Cmp::Eq => ord == Ordering::Equal,
            Cmp::Ne => ord != Ordering::Equal,
            Cmp::Lt => ord == Ordering::Less,
            Cmp::Le => ord != Ordering::Greater,
            Cmp::Gt => ord == Ordering::Greater,
            Cmp::Ge => ord != Ordering::Less,
        })
    }

    /// Whether an integer value fits in a machine integer of `bits` bits.
    pub fn fits_int(&self, bits: u32, signed: bool) -> bool {
        let Value::Int(i) = self else { return false };
        if signed {
            let lim = BigInt::one() << (bits - 1);
            *i >= -lim.clone() && *i < lim
        } else {
            i.sign() != Sign::Minus && i.bits() <= bits as u64
        }
    }

    /// Rounds a float value to the precision of float32/float64, reporting overflow.
    pub fn round_float(&self, bits32: bool) -> Option<Value> {
        if bits32 {
            // Round the exact value to float32 directly: through float64 a value just
            // below a float32 midpoint can round up twice (max32 + ulp/2 - 1 → +Inf).
            let Some(Value::Float(r)) = self.to_rank(1) else { return None };
            let f = round_f32(&r)?;
            return BigRational::from_float(f as f64).map(Value::Float);
        }
        let f = self.as_f64()?;
        if !f.is_finite() {
            return None;
        }
        BigRational::from_float(f).map(Value::Float)
    }
}

/// Nearest f32 of an exact rational (ties to even); None if it overflows.
fn round_f32(r: &BigRational) -> Option<f32> {
    let f = rat_to_f64(r);
    if !f.is_finite() {
        return None;
    }
    let c = f as f32;
    let (lo, hi) = if (c as f64) <= f { (c, c.next_up()) } else { (c.next_down(), c) };
    let rat = |x: f32| BigRational::from_float(x as f64);
    // An infinite neighbour stands for the next step beyond the largest float32.
    let (lo_r, hi_r) = match (lo.is_finite(), hi.is_finite()) {
        (true, true) => (rat(lo)?, rat(hi)?),
        (true, false) => {
            let l = rat(lo)?;
            let step = l.clone() - rat(lo.next_down())?;
            (l.clone(), l + step)
        }
        (false, true) => {
            let h = rat(hi)?;
            let step = rat(hi.next_up())? - h.clone();
            (h.clone() - step, h)
        }
        (false, false) => return None,
    };
    let two = BigRational::from_integer(BigInt::from(2));
    let mid = (lo_r + hi_r) / two;
    let pick = match r.cmp(&mid) {
        std::cmp::Ordering::Less => lo,
        std::cmp::Ordering::Greater => hi,
        std::cmp::Ordering::Equal => {
            if lo.to_bits() & 1 == 0 { lo } else { hi }
        }
    };
    pick.is_finite().then_some(pick)
}

/// Nearest f64 of an exact rational: scale into 2^53..2^54 and round to even, so the
/// result is correctly rounded (the checker's overflow test relies on this).
pub fn rat_to_f64(r: &BigRational) -> f64 {
    if r.is_zero() {
        return 0.0;
    }
    let neg = r.is_negative();
    let (n, d) = (r.numer().abs(), r.denom().abs());
    // Pick e so that n / d / 2^e is in [2^53, 2^54).
    let mut e: i64 = n.bits() as i64 - d.bits() as i64 - 54;
    let scaled = |e: i64| -> (BigInt, BigInt) {
        if e >= 0 {
            (n.clone(), d.clone() << e as usize)
        } else {
            (n.clone() << (-e) as usize, d.clone())
        }
    };
    let (mut q, rem);
    loop {
        let (nn, dd) = scaled(e);
        let (qq, rr) = nn.div_rem(&dd);
        if qq.bits() > 54 {
            e += 1;
            continue;
        }
        if qq.bits() < 54 {
            e -= 1;
            continue;
        }
        q = qq;
        rem = rr;
        break;
    }
    // Subnormals: the smallest exponent of a normal f64 mantissa is -1074 for the
    // 53-bit integer mantissa; shift further right when below.
    let mut sticky = !rem.is_zero();
    while e + 1 < -1074 {
        if q.bit(0) {
            sticky = true;
        }
        q >>= 1;
        e += 1;
    }
    // q has 54 bits (or fewer for subnormals): drop one guard bit with round-half-even.
    let guard = q.bit(0);
    q >>= 1;
    e += 1;
    if guard && (sticky || q.bit(0)) {
        q += 1;
    }
    let m = q.to_f64().unwrap_or(f64::INFINITY);
    let v = ldexp(m, e);
    if neg { -v } else { v }
}

/// m * 2^e in steps, so that no intermediate overflows or loses bits before the last
/// multiplication (the mantissa was already rounded to the final precision).
fn ldexp(m: f64, mut e: i64) -> f64 {
    let mut v = m;
    while e > 1000 {
        v *= 2f64.powi(1000);
        e -= 1000;
        if v.is_infinite() {
            return v;
        }
    }
    while e < -1000 {
        v *= 2f64.powi(-1000);
        e += 1000;
    }
    v * 2f64.powi(e as i32)
}

/// Parses an integer literal's text (`0x1F`, `0o17`, `017`, `0b101`, `1_000`).
pub fn parse_int_lit(text: &str) -> Option<BigInt> {
    let t: String = text.chars().filter(|&c| c != '_').collect();
    let (radix, digits) = if let Some(r) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (16, r)
    } else if let Some(r) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        (2, r)
    } else if let Some(r) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
        (8, r)
    } else if t.len() > 1 && t.starts_with('0') {
        (8, &t[1..])
    } else {
        (10, t.as_str())
    };
    BigInt::parse_bytes(digits.as_bytes(), radix)
}

/// Parses a float literal's text (decimal with optional exponent, or hex with `p`) exactly.
pub fn parse_float_lit(text: &str) -> Option<BigRational> {
    let t: String = text.chars().filter(|&c| c != '_').collect();
    let lower = t.to_ascii_lowercase();
    if let Some(hex) = lower.strip_prefix("0x") {
        let (mant, exp) = match hex.split_once('p') {
            Some((m, e)) => (m, e.parse::<i64>().ok()?),
            None => (hex, 0),
        };
        let (ip, fp) = mant.split_once('.').unwrap_or((mant, ""));
        let digits = format!("{ip}{fp}");
        let n = if digits.is_empty() {
            BigInt::zero()
        } else {
            BigInt::parse_bytes(digits.as_bytes(), 16)?
        };
        let e2 = exp - 4 * fp.len() as i64;
        return Some(scale2(BigRational::from_integer(n), e2));
    }
    let (mant, exp) = match lower.split_once('e') {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (lower.as_str(), 0),
    };
    if exp.abs() > 100_000 {
        return None;
    }
    let (ip, fp) = mant.split_once('.').unwrap_or((mant, ""));
    let digits = format!("{ip}{fp}");
    let n = if digits.is_empty() {
        BigInt::zero()
    } else {
        BigInt::parse_bytes(digits.as_bytes(), 10)?
    };
    let e10 = exp - fp.len() as i64;
    let ten = BigInt::from(10);
    Some(if e10 >= 0 {
        BigRational::from_integer(n * num_traits::pow(ten, e10 as usize))
    } else {
        BigRational::new(n, num_traits::pow(ten, (-e10) as usize))
    })
}

fn scale2(r: BigRational, e: i64) -> BigRational {
    if e >= 0 {
        r * BigRational::from_integer(BigInt::one() << e as usize)
    } else {
        r / BigRational::from_integer(BigInt::one() << (-e) as usize)
    }
}

impl fmt::Display for Value {
    /// Formats as gc does in diagnostics (go/constant's String; see constfmt.rs).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::constfmt::{fmt_float, fmt_string};
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::String(s) => write!(f, "{}", fmt_string(s)),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(r) => write!(f, "{}", fmt_float(r)),
            Value::Complex(re, im) => write!(f, "({} + {}i)", fmt_float(re), fmt_float(im)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float32_rounding_is_single() {
        // max32 + ulp32/2 - 1 is below the midpoint to +Inf: it rounds to max32, not
        // up twice through float64.
        let max32 = BigRational::from_float(f32::MAX as f64).unwrap();
        let half_ulp = BigRational::from_integer(BigInt::from(2).pow(103));
        let v = Value::Float(max32.clone() + half_ulp.clone() - BigRational::from_integer(1.into()));
        assert_eq!(v.round_float(true), Some(Value::Float(max32.clone())));
        // The midpoint itself ties to even, which is +Inf: an overflow.
        assert_eq!(Value::Float(max32 + half_ulp).round_float(true), None);
    }

    #[test]
    fn float_literals_round_correctly() {
        for s in ["0.1", "1e308", "2.5e-324", "4.9e-324", "1.7976931348623157e308", "0x1p-2", "123456789.123456789"] {
            let r = parse_float_lit(s).unwrap();
            let want: f64 = if s.starts_with("0x") { 0.25 } else { s.parse().unwrap() };
            assert_eq!(rat_to_f64(&r), want, "{s}");
        }
    }

    #[test]
    fn int_literals() {
        assert_eq!(parse_int_lit("0x_1F").unwrap(), BigInt::from(31));
        assert_eq!(parse_int_lit("017").unwrap(), BigInt::from(15));
        assert_eq!(parse_int_lit("0b101").unwrap(), BigInt::from(5));
        assert_eq!(parse_int_lit("1_000").unwrap(), BigInt::from(1000));
    }

    #[test]
    fn exact_arithmetic() {
        let a = Value::Float(parse_float_lit("0.1").unwrap());
        let b = Value::Float(parse_float_lit("0.2").unwrap());
        let c = Value::Float(parse_float_lit("0.3").unwrap());
        assert_eq!(a.binary(Op::Add, &b).unwrap(), c);
        let big = Value::int(1).shift(true, 100).unwrap().shift(false, 98).unwrap();
        assert_eq!(big, Value::int(4));
        assert_eq!(Value::int(-7).binary(Op::Quo, &Value::int(2)).unwrap(), Value::int(-3));
        assert_eq!(Value::int(-7).binary(Op::Rem, &Value::int(2)).unwrap(), Value::int(-1));
        assert!(Value::int(127).fits_int(8, true));
        assert!(!Value::int(128).fits_int(8, true));
        assert!(Value::int(255).fits_int(8, false));
        assert!(!Value::int(-1).fits_int(8, false));
    }
}
