//! The Go 1.19 abstract syntax tree produced by the parser.
//!
//! Shape, in brief:
//! - Positions are [`Pos`], a byte offset into the file's source; [`File::line_col`]
//!   turns one into gc's 1-based line and 1-based byte column. Every node records the
//!   position of its first token (its "start") plus, where gc reports errors at an
//!   inner token, that token's position (`op_pos`, `lparen`, `lbrack`, ...).
//! - Types are expressions, as in go/ast: `[]int`, `map[K]V`, `*T`, `pkg.T`,
//!   `List[int]` are all [`Expr`]s. The parser cannot tell `*p` (dereference) from `*T`
//!   (pointer type), nor `f(x)` (call) from `T(x)` (conversion), nor `a[i]` (index)
//!   from `G[int]` (instantiation): those are [`ExprKind::Star`], [`ExprKind::Call`] and
//!   [`ExprKind::Index`] and the checker decides.
//! - Every [`Expr`] and every [`Ident`] carries a [`NodeId`], unique within its
//!   [`File`] and assigned in parse order from 0; [`File::node_count`] bounds them, so a
//!   checker can keep types and constant values in side tables indexed by
//!   `(file index, NodeId)`. An identifier used as an expression is
//!   `ExprKind::Ident(ident)` with `ident.id == expr.id` (one id, not two).
//!   [`CaseClause`] also has an id (for a type switch's per-clause implicit variable).
//! - Union constraints `A | ~B` are `Binary { op: Or }` and `Unary { op: Tilde }`
//!   expressions, as in go/ast; the checker interprets them in constraint position.
//! - A constant group keeps, per [`ConstSpec`], its `iota` (index in the group) and,
//!   for a spec with neither type nor values, `inherit`: the index in the same group of
//!   the spec whose type and values are implicitly repeated.
//! - Parentheses are always kept ([`ExprKind::Paren`]), in types too.
//! - Trees can be deep: std's time/tzdata/zipdata.go has a 7099-level `+` chain.
//!   The parser bounds nesting and chains at 10000 (see `parser::MAX_DEPTH`) and runs on
//!   a large-stack thread; recursive passes over the tree should do the same.
//!
//! This module is plain data: it knows nothing of lexing, parsing or types.

use std::fmt;

/// A byte offset into the source of a [`File`]. `Pos(0)` is the first byte.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos(pub u32);

impl Directive {
    /// The directive's verb, e.g. `go:noinline` for `//go:noinline` or
    /// `go:linkname` for `//go:linkname a b`.
    pub fn verb(&self) -> &str {
        let t = self.text.strip_prefix("//").unwrap_or(&self.text);
        t.split([' ', '\t']).next().unwrap_or(t)
    }
}

impl fmt::Debug for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "@{}", self.0)
    }
}

/// Identifies an [`Expr`], [`Ident`] or [`CaseClause`] within its [`File`]; dense from 0
/// to `File::node_count - 1`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct NodeId(pub u32);

/// A parse error (or lexical error) at a position of the file being parsed.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Diagnostic {
    pub pos: Pos,
    pub message: String,
}

impl Diagnostic {
    /// Renders the diagnostic as gc does: `name:LINE:COL: message` (honoring `//line`
    /// directives, see [`File::position`]).
    pub fn render(&self, file: &File) -> String {
        format!("{}: {}", file.position(self.pos), self.message)
    }
}

/// Byte offsets at which each line starts; built by the parser from the source.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct LineTable {
    /// `starts[i]` is the offset of the first byte of line `i + 1`; `starts[0] == 0`.
    pub starts: Vec<u32>,
}

impl LineTable {
    /// Builds the table for `src`. Only `\n` ends a line (as in gc).
    pub fn new(src: &str) -> LineTable {
        Self::new_bytes(src.as_bytes())
    }

    /// Like [`LineTable::new`] for raw bytes.
    pub fn new_bytes(src: &[u8]) -> LineTable {
        let mut starts = vec![0u32];
        for (i, &b) in src.iter().enumerate() {
            if b == b'\n' {
                starts.push(i as u32 + 1);
            }
        }
        LineTable { starts }
    }

    /// 1-based line and 1-based byte column of `pos`.
    pub fn line_col(&self, pos: Pos) -> (u32, u32) {
        let line = match self.starts.binary_search(&pos.0) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts.get(line).copied().unwrap_or(0);
        (line as u32 + 1, pos.0.saturating_sub(start) + 1)
    }
}

/// A `//go:...` directive comment (e.g. `//go:noinline`, `//go:build linux`), with the
/// position of its `//` and its full text (`//go:noinline`), without the newline.
/// (gc reports positions of directives 2 bytes later, after the `//`.)
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Directive {
    pub pos: Pos,
    pub text: String,
}

/// A `//line file:line[:col]` (at the start of a line) or `/*line file:line[:col]*/`
/// directive: from `pos` on, positions are reported as if the text at `pos` were at
/// `filename:line:col`. `col == 0` means the column is unknown (the `file:line` form).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct LineDirective {
    pub pos: Pos,
    pub filename: String,
    pub line: u32,
    pub col: u32,
}

/// A position as reported to users: file name, 1-based line, 1-based byte column
/// (0 when unknown because of a `//line file:line` directive).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Position {
    pub filename: String,
    pub line: u32,
    pub col: u32,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.col == 0 {
            write!(f, "{}:{}", self.filename, self.line)
        } else {
            write!(f, "{}:{}:{}", self.filename, self.line, self.col)
        }
    }
}

/// The user-visible position of `pos` in file `name`, honoring line directives (which
/// must be sorted by `pos`).
pub fn position_in(name: &str, lines: &LineTable, dirs: &[LineDirective], pos: Pos) -> Position {
    let (line, col) = lines.line_col(pos);
    let i = dirs.partition_point(|d| d.pos <= pos);
    if i == 0 {
        return Position {
            filename: name.to_string(),
            line,
            col,
        };
    }
    let d = &dirs[i - 1];
    let (dline, dcol) = lines.line_col(d.pos);
    let rline = d.line.saturating_add(line - dline);
    let rcol = if d.col == 0 {
        0
    } else if line == dline {
        d.col.saturating_add(col - dcol)
    } else {
        col
    };
    Position {
        filename: d.filename.clone(),
        line: rline,
        col: rcol,
    }
}

/// One parsed source file.
#[derive(Clone, PartialEq, Debug)]
pub struct File {
    /// The name given to `parse_file`, used when rendering positions.
    pub name: String,
    /// Position of the `package` keyword.
    pub package_pos: Pos,
    /// The package name.
    pub package: Ident,
    /// All import specs of the file, in source order (import decls may be grouped;
    /// the grouping is not kept because nothing depends on it).
    pub imports: Vec<ImportSpec>,
    /// Top-level declarations other than imports, in source order.
    pub decls: Vec<Decl>,
    /// `//go:` directive comments anywhere in the file, in source order.
    pub directives: Vec<Directive>,
    /// The directives before the package clause (gc's file pragmas, e.g. `//go:build`).
    pub pragmas: Vec<Directive>,
    /// `//line` directives, sorted by position (see [`File::position`]).
    pub line_directives: Vec<LineDirective>,
    /// Number of [`NodeId`]s assigned in this file.
    pub node_count: u32,
    /// The end of the file (its length): where the file scope ends.
    pub eof: Pos,
    /// Line starts, for [`File::line_col`].
    pub lines: LineTable,
}

impl File {
    /// 1-based line and 1-based byte column of `pos`, as gc reports them.
    pub fn line_col(&self, pos: Pos) -> (u32, u32) {
        self.lines.line_col(pos)
    }

    /// The position gc reports for `pos`: like `line_col`, but relative to the last
    /// `//line` directive before it, if any (e.g. `x.go:10:3` or `x.go:10`).
    pub fn position(&self, pos: Pos) -> Position {
        position_in(&self.name, &self.lines, &self.line_directives, pos)
    }
}

/// An identifier. `_` is an ordinary ident named `_`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Ident {
    pub id: NodeId,
    pub pos: Pos,
    pub name: String,
}

/// `import name "path"`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ImportSpec {
    /// Position of the spec's first token (the name, or the path).
    pub pos: Pos,
    /// `None` for a plain import; otherwise an ident named `.`, `_` or a package name.
    pub name: Option<Ident>,
    /// The path literal as written (a STRING literal, interpreted or raw; the parser
    /// reports a diagnostic if it is anything else or fails to unquote).
    pub path: BasicLit,
    /// The `//go:` directives just before this declaration (gc's "pragmas", e.g.
    /// `//go:noinline`, `//go:notinheap`, `//go:embed`), for the checker to apply or to
    /// report as misplaced when they do not belong to this kind of declaration.
    pub pragmas: Vec<Directive>,
}

/// Literal kinds; the text is kept as written.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum LitKind {
    Int,
    Float,
    Imag,
    Char,
    String,
}

/// A basic literal: its kind and its source text, e.g. `0x1_0`, `'\n'`, `` `raw` ``.
/// Use `crate::lit` helpers to get string and rune values.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct BasicLit {
    pub pos: Pos,
    pub kind: LitKind,
    pub raw: String,
}

// ---------------------------------------------------------------------------
// Declarations

/// A declaration, top-level or inside a function ([`StmtKind::Decl`]; never `Func` there).
#[derive(Clone, PartialEq, Debug)]
pub struct Decl {
    /// Position of the keyword (`const`, `var`, `type`, `func`).
    pub pos: Pos,
    pub kind: DeclKind,
}

#[derive(Clone, PartialEq, Debug)]
pub enum DeclKind {
    /// `const X = 1` or `const ( ... )`.
    Const(ConstGroup),
    /// `var x int` or `var ( ... )`.
    Var(Group<VarSpec>),
    /// `type T int` or `type ( ... )`.
    Type(Group<TypeSpec>),
    /// `func F() {}` / `func (r T) M() {}`.
    Func(Box<FuncDecl>),
}

/// Specs of a `var` or `type` declaration. For an ungrouped declaration `lparen` is
/// `None` and `specs` has exactly one element.
#[derive(Clone, PartialEq, Debug)]
pub struct Group<S> {
    pub lparen: Option<Pos>,
    pub specs: Vec<S>,
    pub rparen: Option<Pos>,
}

/// Specs of a `const` declaration (a separate type only for its documentation; the
/// iota and implicit-repetition data live in each [`ConstSpec`]).
pub type ConstGroup = Group<ConstSpec>;

/// `a, b T = x, y` inside a const declaration.
#[derive(Clone, PartialEq, Debug)]
pub struct ConstSpec {
    pub pos: Pos,
    pub names: Vec<Ident>,
    /// The explicit type, if any (a type without values is legal syntax; the checker
    /// reports "missing init expr for X").
    pub typ: Option<Expr>,
    /// The explicit values; empty means "repeat the previous spec's type and values".
    pub values: Vec<Expr>,
    /// The value of `iota` in this spec: its index within the group (0 when ungrouped).
    pub iota: u32,
    /// For a spec with neither type nor values: index in the group's `specs` of the
    /// nearest earlier spec that has a type or values (go/types' rule); that spec's
    /// `typ` and `values` apply here, evaluated with this spec's `iota`. `None` when
    /// this spec has a type or values, or when no earlier spec has (the checker then
    /// reports the missing init expression).
    pub inherit: Option<u32>,
    /// The `//go:` directives just before this declaration (gc's "pragmas", e.g.
    /// `//go:noinline`, `//go:notinheap`, `//go:embed`), for the checker to apply or to
    /// report as misplaced when they do not belong to this kind of declaration.
    pub pragmas: Vec<Directive>,
}

/// `a, b T = x, y` inside a var declaration.
#[derive(Clone, PartialEq, Debug)]
pub struct VarSpec {
    pub pos: Pos,
    pub names: Vec<Ident>,
    pub typ: Option<Expr>,
    pub values: Vec<Expr>,
    /// The `//go:` directives just before this declaration (gc's "pragmas", e.g.
    /// `//go:noinline`, `//go:notinheap`, `//go:embed`), for the checker to apply or to
    /// report as misplaced when they do not belong to this kind of declaration.
    pub pragmas: Vec<Directive>,
}

/// `Name[TParams] T` or `Name = T` (alias).
#[derive(Clone, PartialEq, Debug)]
pub struct TypeSpec {
    pub pos: Pos,
    pub name: Ident,
    /// Type parameters, `None` when the type is not generic.
    pub tparams: Option<FieldList>,
    /// Position of `=` for an alias declaration.
    pub assign: Option<Pos>,
    pub typ: Expr,
    /// The `//go:` directives just before this declaration (gc's "pragmas", e.g.
    /// `//go:noinline`, `//go:notinheap`, `//go:embed`), for the checker to apply or to
    /// report as misplaced when they do not belong to this kind of declaration.
    pub pragmas: Vec<Directive>,
}

/// A function or method declaration.
#[derive(Clone, PartialEq, Debug)]
pub struct FuncDecl {
    /// Position of `func`.
    pub pos: Pos,
    /// The receiver list for methods: one field with at most one name, unless the
    /// parser reported "method has multiple receivers" (use the first then). An empty
    /// `()` receiver is reported and gives `None`, as in gc.
    /// A generic receiver `(l *List[T])` has type `Star(Index(List, [T]))`.
    pub recv: Option<FieldList>,
    pub name: Ident,
    /// Type parameters (functions only; the parser reports them on methods).
    pub tparams: Option<FieldList>,
    /// Parameters and results.
    pub typ: FuncType,
    /// `None` for a declaration without body (implemented in assembly).
    pub body: Option<Block>,
    /// The `//go:` directives just before this declaration (gc's "pragmas", e.g.
    /// `//go:noinline`, `//go:notinheap`, `//go:embed`), for the checker to apply or to
    /// report as misplaced when they do not belong to this kind of declaration.
    pub pragmas: Vec<Directive>,
}

/// A parenthesized (or bracketed, for type parameters) list of fields.
#[derive(Clone, PartialEq, Debug)]
pub struct FieldList {
    pub open: Pos,
    pub list: Vec<Field>,
    pub close: Pos,
}

/// One entry of a parameter/result/receiver/type-parameter list or struct.
///
/// `names` is empty for an unnamed parameter or an embedded struct field (then `typ` is
/// the embedded type, `T`, `*T`, `pkg.T` or `G[int]`). A variadic parameter's type is
/// `ExprKind::Ellipsis(Some(elem))`. For type parameters, `typ` is the constraint.
#[derive(Clone, PartialEq, Debug)]
pub struct Field {
    pub pos: Pos,
    pub names: Vec<Ident>,
    pub typ: Expr,
    /// Struct field tag (a STRING literal).
    pub tag: Option<BasicLit>,
}

// ---------------------------------------------------------------------------
// Expressions and types

/// An expression or a type.
#[derive(Clone, PartialEq, Debug)]
pub struct Expr {
    pub id: NodeId,
    /// Position of the expression's first token.
    pub pos: Pos,
    pub kind: ExprKind,
}

#[derive(Clone, PartialEq, Debug)]
pub enum ExprKind {
    /// Placeholder after a syntax error (a diagnostic was reported).
    Bad,
    /// `x` (its `id` equals the enclosing `Expr`'s).
    Ident(Ident),
    /// `42`, `1.5`, `2i`, `'a'`, `"s"`.
    BasicLit(BasicLit),
    /// `T{elts}`; `typ` is `None` for an elided type inside another composite literal.
    /// Keyed elements are `KeyValue` expressions.
    CompositeLit {
        typ: Option<Box<Expr>>,
        lbrace: Pos,
        elts: Vec<Expr>,
        rbrace: Pos,
    },
    /// `func(params) results { body }`.
    FuncLit { typ: FuncType, body: Block },
    /// `(x)`.
    Paren(Box<Expr>),
    /// `x.sel` (also qualified identifiers `pkg.Name`).
    Selector { x: Box<Expr>, sel: Ident },
    /// `x[i]`, or an instantiation `F[int]` / `M[K, V]` (several indices).
    Index {
        x: Box<Expr>,
        lbrack: Pos,
        indices: Vec<Expr>,
        rbrack: Pos,
    },
    /// `x[lo:hi]` or `x[lo:hi:max]` (`slice3`; the parser checks hi and max are present).
    Slice {
        x: Box<Expr>,
        lbrack: Pos,
        lo: Option<Box<Expr>>,
        hi: Option<Box<Expr>>,
        max: Option<Box<Expr>>,
        slice3: bool,
        rbrack: Pos,
    },
    /// `x.(T)`; `typ` is `None` for `x.(type)`. As a type switch guard that becomes
    /// [`StmtKind::TypeSwitch`]; anywhere else it stays here and the checker reports
    /// "use of .(type) outside type switch" (as gc's type checker does).
    TypeAssert {
        x: Box<Expr>,
        lparen: Pos,
        typ: Option<Box<Expr>>,
    },
    /// `f(args)` or a conversion `T(x)`; `ellipsis` is the position of `...` in
    /// `f(xs...)`.
    Call {
        fun: Box<Expr>,
        lparen: Pos,
        args: Vec<Expr>,
        ellipsis: Option<Pos>,
        rparen: Pos,
    },
    /// `*x`: a dereference or a pointer type.
    Star(Box<Expr>),
    /// `op x` for `+ - ! ^ & <- ~`.
    Unary { op: UnaryOp, x: Box<Expr> },
    /// `x op y`.
    Binary {
        op: BinaryOp,
        op_pos: Pos,
        x: Box<Expr>,
        y: Box<Expr>,
    },
    /// `key: value` inside a composite literal.
    KeyValue {
        key: Box<Expr>,
        colon: Pos,
        value: Box<Expr>,
    },
    /// `...T` as the type of a final parameter (`None` elem only after an error).
    Ellipsis(Option<Box<Expr>>),

    // ---- types ----
    /// `[N]T`; `len` is `None` for `[...]T` (composite literals only).
    ArrayType {
        len: Option<Box<Expr>>,
        elem: Box<Expr>,
    },
    /// `[]T`.
    SliceType(Box<Expr>),
    /// `map[K]V`.
    MapType { key: Box<Expr>, value: Box<Expr> },
    /// `chan T`, `chan<- T`, `<-chan T`.
    ChanType { dir: ChanDir, elem: Box<Expr> },
    /// `func(params) results`.
    FuncType(FuncType),
    /// `struct { fields }`.
    StructType(StructType),
    /// `interface { elems }`.
    InterfaceType(InterfaceType),
}

/// Unary operators.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum UnaryOp {
    /// `+x`
    Pos,
    /// `-x`
    Neg,
    /// `!x`
    Not,
    /// `^x`
    Xor,
    /// `&x`
    Addr,
    /// `<-x`
    Recv,
    /// `~T` (constraint element)
    Tilde,
}

/// Binary operators, also used for compound assignment (`+=` is `Add`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum BinaryOp {
    /// `||`
    LOr,
    /// `&&`
    LAnd,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    /// `|` (also constraint unions)
    Or,
    /// `^`
    Xor,
    Mul,
    Div,
    Rem,
    Shl,
    Shr,
    /// `&`
    And,
    /// `&^`
    AndNot,
}

impl BinaryOp {
    /// Binding strength per the Go spec: 5 (`* / % << >> & &^`) down to 1 (`||`).
    pub fn precedence(self) -> u8 {
        use BinaryOp::*;
        match self {
            LOr => 1,
            LAnd => 2,
            Eq | Ne | Lt | Le | Gt | Ge => 3,
            Add | Sub | Or | Xor => 4,
            Mul | Div | Rem | Shl | Shr | And | AndNot => 5,
        }
    }

    /// The operator as written in Go.
    pub fn as_str(self) -> &'static str {
        use BinaryOp::*;
        match self {
            LOr => "||",
            LAnd => "&&",
            Eq => "==",
            Ne => "!=",
            Lt => "<",
            Le => "<=",
            Gt => ">",
            Ge => ">=",
            Add => "+",
            Sub => "-",
            Or => "|",
            Xor => "^",
            Mul => "*",
            Div => "/",
            Rem => "%",
            Shl => "<<",
            Shr => ">>",
            And => "&",
            AndNot => "&^",
        }
    }
}

impl UnaryOp {
    /// The operator as written in Go.
    pub fn as_str(self) -> &'static str {
        match self {
            UnaryOp::Pos => "+",
            UnaryOp::Neg => "-",
            UnaryOp::Not => "!",
            UnaryOp::Xor => "^",
            UnaryOp::Addr => "&",
            UnaryOp::Recv => "<-",
            UnaryOp::Tilde => "~",
        }
    }
}

/// Channel direction.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum ChanDir {
    /// `chan T`
    Both,
    /// `chan<- T`
    Send,
    /// `<-chan T`
    Recv,
}

/// Signature syntax: `func(params) results` (also used by FuncDecl, where `pos` is the
/// position of `func` too).
#[derive(Clone, PartialEq, Debug)]
pub struct FuncType {
    pub pos: Pos,
    pub params: FieldList,
    /// `None` when there is no result; a single unnamed unparenthesized result is a
    /// one-field list whose `open`/`close` are the type's position.
    pub results: Option<FieldList>,
}

/// `struct { ... }`.
#[derive(Clone, PartialEq, Debug)]
pub struct StructType {
    pub lbrace: Pos,
    pub fields: Vec<Field>,
    pub rbrace: Pos,
}

/// `interface { ... }`.
#[derive(Clone, PartialEq, Debug)]
pub struct InterfaceType {
    pub lbrace: Pos,
    pub elems: Vec<InterfaceElem>,
    pub rbrace: Pos,
}

/// One line of an interface body.
#[derive(Clone, PartialEq, Debug)]
pub enum InterfaceElem {
    /// `Name(params) results`.
    Method { name: Ident, typ: FuncType },
    /// An embedded interface `io.Reader`, or a type-set element `~int | string`
    /// (`Binary Or` / `Unary Tilde` expressions).
    Embed(Expr),
}

// ---------------------------------------------------------------------------
// Statements

/// `{ stmts }`.
#[derive(Clone, PartialEq, Debug)]
pub struct Block {
    pub lbrace: Pos,
    pub stmts: Vec<Stmt>,
    pub rbrace: Pos,
}

/// A statement.
#[derive(Clone, PartialEq, Debug)]
pub struct Stmt {
    /// Position of the statement's first token.
    pub pos: Pos,
    pub kind: StmtKind,
}

#[derive(Clone, PartialEq, Debug)]
pub enum StmtKind {
    /// Placeholder after a syntax error.
    Bad,
    /// The empty statement (e.g. a lone `;`, or an empty `for` post statement).
    Empty,
    /// `const`, `var` or `type` declaration inside a function.
    Decl(Decl),
    /// `label: stmt`.
    Labeled { label: Ident, stmt: Box<Stmt> },
    /// An expression statement (call or receive).
    Expr(Expr),
    /// `ch <- v`.
    Send { ch: Expr, arrow: Pos, value: Expr },
    /// `x++` / `x--`.
    IncDec { x: Expr, inc: bool, op_pos: Pos },
    /// `lhs = rhs`, `lhs := rhs`, `lhs op= rhs`.
    Assign {
        lhs: Vec<Expr>,
        op: AssignOp,
        op_pos: Pos,
        rhs: Vec<Expr>,
    },
    /// `go call`. Normally a `Call`; if not, the parser has reported "expression in go
    /// must be function call" (a non-syntax error: gc still type-checks).
    Go(Expr),
    /// `defer call` (same as `Go`).
    Defer(Expr),
    /// `return results`.
    Return(Vec<Expr>),
    /// `break`, `continue`, `goto`, `fallthrough` with an optional label.
    Branch {
        kind: BranchKind,
        label: Option<Ident>,
    },
    /// `{ ... }`.
    Block(Block),
    /// `if init; cond { then } else els`; `els` is an `If` or a `Block` statement.
    If {
        init: Option<Box<Stmt>>,
        cond: Expr,
        then: Block,
        els: Option<Box<Stmt>>,
    },
    /// Expression switch `switch init; tag { clauses }` (`tag` `None`: `switch {`).
    Switch {
        init: Option<Box<Stmt>>,
        tag: Option<Expr>,
        lbrace: Pos,
        clauses: Vec<CaseClause>,
        rbrace: Pos,
    },
    /// Type switch `switch init; bind := x.(type) { clauses }`; `x` is the operand of
    /// `.(type)`; case lists hold types (and `nil` idents).
    TypeSwitch {
        init: Option<Box<Stmt>>,
        bind: Option<Ident>,
        x: Expr,
        lbrace: Pos,
        clauses: Vec<CaseClause>,
        rbrace: Pos,
    },
    /// `select { clauses }`.
    Select {
        lbrace: Pos,
        clauses: Vec<CommClause>,
        rbrace: Pos,
    },
    /// `for init; cond; post { body }`, `for cond { body }`, `for { body }`.
    For {
        init: Option<Box<Stmt>>,
        cond: Option<Expr>,
        post: Option<Box<Stmt>>,
        body: Block,
    },
    /// `for key, value := range x { body }` (`op` is `None` for `for range x`). More
    /// than two iteration variables are reported by the parser and dropped.
    Range {
        key: Option<Expr>,
        value: Option<Expr>,
        /// `Define` or `Assign` when there are key/value operands.
        op: Option<AssignOp>,
        x: Expr,
        body: Block,
    },
}

/// Assignment operator.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum AssignOp {
    /// `=`
    Assign,
    /// `:=`
    Define,
    /// `op=`, e.g. `Op(Add)` for `+=`.
    Op(BinaryOp),
}

/// Kind of branch statement.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum BranchKind {
    Break,
    Continue,
    Goto,
    Fallthrough,
}

/// `case list: body` or `default: body` of a switch or type switch.
#[derive(Clone, PartialEq, Debug)]
pub struct CaseClause {
    pub id: NodeId,
    /// Position of `case` / `default`.
    pub pos: Pos,
    /// Empty for `default`.
    pub list: Vec<Expr>,
    pub is_default: bool,
    pub colon: Pos,
    pub body: Vec<Stmt>,
}

/// `case comm: body` or `default: body` of a select.
#[derive(Clone, PartialEq, Debug)]
pub struct CommClause {
    /// Position of `case` / `default`.
    pub pos: Pos,
    /// The send or receive statement (`Send`, `Expr(<-c)`, `Assign` with a receive on the
    /// right); `None` for `default`.
    pub comm: Option<Box<Stmt>>,
    pub colon: Pos,
    pub body: Vec<Stmt>,
}

impl Expr {
    /// The position gc's syntax tree gives this node (the operator of a binary
    /// expression, the `(` of a call, ...): where gc reports an error at a node,
    /// rather than at the start of its text.
    pub fn gc_pos(&self) -> Pos {
        let x = self;
        match &x.kind {
            ExprKind::Binary { op_pos, .. } => *op_pos,
            ExprKind::Call { lparen, .. } => *lparen,
            ExprKind::Index { lbrack, .. } | ExprKind::Slice { lbrack, .. } => *lbrack,
            ExprKind::Selector { sel, .. } => Pos(sel.pos.0.saturating_sub(1)),
            ExprKind::TypeAssert { lparen, .. } => Pos(lparen.0.saturating_sub(1)),
            ExprKind::KeyValue { colon, .. } => *colon,
            ExprKind::CompositeLit { lbrace, .. } => *lbrace,
            ExprKind::FuncType(ft) => ft.params.open,
            _ => x.pos,
        }
    }
}
