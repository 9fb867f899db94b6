//! Token kinds and operators shared by the lexer and the parser.
//!
//! Tokens are grouped as gc groups them (all binary operators are one `Operator` kind
//! with an [`Op`] and a precedence) because the parser's decisions and gc's error
//! messages ("unexpected +=", "unexpected ++") are phrased in those terms.

use crate::ast::{BinaryOp, LitKind, Pos};

/// Token kinds.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Tok {
    Eof,
    Name,
    Literal,
    /// A binary or unary operator other than `*` and `<-` (see `Token::op`).
    Operator,
    /// `op=`
    AssignOp,
    /// `++` / `--`
    IncOp,
    Assign,
    Define,
    Arrow,
    Star,
    Lparen,
    Lbrack,
    Lbrace,
    Rparen,
    Rbrack,
    Rbrace,
    Comma,
    Semi,
    Colon,
    Dot,
    DotDotDot,
    Break,
    Case,
    Chan,
    Const,
    Continue,
    Default,
    Defer,
    Else,
    Fallthrough,
    For,
    Func,
    Go,
    Goto,
    If,
    Import,
    Interface,
    Map,
    Package,
    Range,
    Return,
    Select,
    Struct,
    Switch,
    Type,
    Var,
}

impl Tok {
    /// The token as gc names it in "expecting X" messages.
    pub fn describe(self) -> &'static str {
        use Tok::*;
        match self {
            Eof => "EOF",
            Name => "name",
            Literal => "literal",
            Operator => "op",
            AssignOp => "op=",
            IncOp => "opop",
            Assign => "=",
            Define => ":=",
            Arrow => "<-",
            Star => "*",
            Lparen => "(",
            Lbrack => "[",
            Lbrace => "{",
            Rparen => ")",
            Rbrack => "]",
            Rbrace => "}",
            Comma => "comma",
            Semi => "semicolon or newline",
            Colon => ":",
            Dot => ".",
            DotDotDot => "...",
            Break => "break",
            Case => "case",
            Chan => "chan",
            Const => "const",
            Continue => "continue",
            Default => "default",
            Defer => "defer",
            Else => "else",
            Fallthrough => "fallthrough",
            For => "for",
            Func => "func",
            Go => "go",
            Goto => "goto",
            If => "if",
            Import => "import",
            Interface => "interface",
            Map => "map",
            Package => "package",
            Range => "range",
            Return => "return",
            Select => "select",
            Struct => "struct",
            Switch => "switch",
            Type => "type",
            Var => "var",
        }
    }

    /// Keyword lookup.
    pub fn keyword(s: &[u8]) -> Option<Tok> {
        use Tok::*;
        Some(match s {
            b"break" => Break,
            b"case" => Case,
            b"chan" => Chan,
            b"const" => Const,
            b"continue" => Continue,
            b"default" => Default,
            b"defer" => Defer,
            b"else" => Else,
            b"fallthrough" => Fallthrough,
            b"for" => For,
            b"func" => Func,
            b"go" => Go,
            b"goto" => Goto,
            b"if" => If,
            b"import" => Import,
            b"interface" => Interface,
            b"map" => Map,
            b"package" => Package,
            b"range" => Range,
            b"return" => Return,
            b"select" => Select,
            b"struct" => Struct,
            b"switch" => Switch,
            b"type" => Type,
            b"var" => Var,
            _ => return None,
        })
    }

    /// Bit for token sets (follow lists in error recovery).
    pub fn bit(self) -> u64 {
        1u64 << (self as u32)
    }
}

/// Operators carried by `Operator`, `AssignOp`, `IncOp` and `Star` tokens.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Op {
    None,
    Not,
    Tilde,
    OrOr,
    AndAnd,
    Eql,
    Neq,
    Lss,
    Leq,
    Gtr,
    Geq,
    Add,
    Sub,
    Or,
    Xor,
    Mul,
    Div,
    Rem,
    And,
    AndNot,
    Shl,
    Shr,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        use Op::*;
        match self {
            None => "",
            Not => "!",
            Tilde => "~",
            OrOr => "||",
            AndAnd => "&&",
            Eql => "==",
            Neq => "!=",
            Lss => "<",
            Leq => "<=",
            Gtr => ">",
            Geq => ">=",
            Add => "+",
            Sub => "-",
            Or => "|",
            Xor => "^",
            Mul => "*",
            Div => "/",
            Rem => "%",
            And => "&",
            AndNot => "&^",
            Shl => "<<",
            Shr => ">>",
        }
    }

    /// The AST binary operator, if this is one.
    pub fn binary(self) -> Option<BinaryOp> {
        use Op::*;
        Some(match self {
            OrOr => BinaryOp::LOr,
            AndAnd => BinaryOp::LAnd,
            Eql => BinaryOp::Eq,
            Neq => BinaryOp::Ne,
            Lss => BinaryOp::Lt,
            Leq => BinaryOp::Le,
            Gtr => BinaryOp::Gt,
            Geq => BinaryOp::Ge,
            Add => BinaryOp::Add,
            Sub => BinaryOp::Sub,
            Or => BinaryOp::Or,
            Xor => BinaryOp::Xor,
            Mul => BinaryOp::Mul,
            Div => BinaryOp::Div,
            Rem => BinaryOp::Rem,
            And => BinaryOp::And,
            AndNot => BinaryOp::AndNot,
            Shl => BinaryOp::Shl,
            Shr => BinaryOp::Shr,
            None | Not | Tilde => return Option::None,
        })
    }
}

/// One token. `lit` is the text of names and literals, and for `Semi` one of
/// `semicolon`, `newline`, `EOF` (gc uses it in messages).
#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub pos: Pos,
    pub lit: String,
    pub kind: LitKind,
    pub op: Op,
    /// Binary precedence of `op` (0 for unary-only operators).
    pub prec: u8,
}
