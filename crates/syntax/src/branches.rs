//! Checks of labels and branch statements in one function body, as gc's parser does
//! them: undefined/unused/duplicate labels, `break`/`continue` outside a loop,
//! misplaced `fallthrough`, `goto` into a block or over a variable declaration.
//!
//! Runs on the finished AST of a body without syntax errors; knows nothing of types.
//! Function literals inside the body are checked separately (they are their own
//! function bodies).

use crate::ast::*;
use crate::gostr::expr_list_string;
use std::collections::HashMap;

struct Label {
    /// Index of the block declaring the label.
    block: usize,
    /// Position of the label's name (identifies the labeled statement).
    pos: Pos,
    /// The labeled statement's kind, for break/continue validity.
    target: TargetKind,
    used: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum TargetKind {
    For,
    Switch,
    Select,
    Other,
}

struct BlockInfo {
    parent: Option<usize>,
    start: Pos,
    /// The label of the statement this block belongs to (its name position).
    label: Option<Pos>,
}

/// What an unlabeled `break`/`continue`/`fallthrough` refers to here.
#[derive(Clone, Copy)]
struct Targets {
    breaks: bool,
    continues: bool,
    /// The innermost break target, if a switch: (is type switch, number of clauses).
    switch: Option<(bool, usize)>,
    /// Index of the switch clause whose statement list this is directly.
    case_index: Option<usize>,
}

/// A forward goto not yet resolved: its label ident.
#[derive(Clone)]
struct Fwd {
    name: String,
    pos: Pos,
    /// Unique id of this goto (its label's position).
    key: u32,
}

pub(crate) struct Checker<'a> {
    labels: HashMap<String, Label>,
    blocks: Vec<BlockInfo>,
    errs: Vec<Diagnostic>,
    fmt_pos: &'a dyn Fn(Pos) -> String,
}

/// Checks `body` (a function body); returns the errors in gc's order.
pub(crate) fn check_branches(body: &Block, fmt_pos: &dyn Fn(Pos) -> String) -> Vec<Diagnostic> {
    let mut c = Checker {
        labels: HashMap::new(),
        blocks: Vec::new(),
        errs: Vec::new(),
        fmt_pos,
    };
    let ctx = Targets {
        breaks: false,
        continues: false,
        switch: None,
        case_index: None,
    };
    let fwd = c.block_branches(None, ctx, None, body.lbrace, &body.stmts);
    for f in fwd {
        let info = c.labels.get(&f.name).map(|l| l.block);
        match info {
            Some(b) => {
                if let Some(l) = c.labels.get_mut(&f.name) {
                    l.used = true;
                }
                let start = (c.fmt_pos)(c.blocks[b].start);
                c.err(
                    f.pos,
                    format!("goto {} jumps into block starting at {}", f.name, start),
                );
            }
            None => c.err(f.pos, format!("label {} not defined", f.name)),
        }
    }
    let mut unused: Vec<(Pos, String)> = c
        .labels
        .iter()
        .filter(|(_, l)| !l.used)
        .map(|(n, l)| (l.pos, n.clone()))
        .collect();
    unused.sort();
    for (pos, name) in unused {
        c.err(pos, format!("label {} defined and not used", name));
    }
    c.errs
}

fn target_kind(s: &Stmt) -> TargetKind {
    match &s.kind {
        StmtKind::For { .. } | StmtKind::Range { .. } => TargetKind::For,
        StmtKind::Switch { .. } | StmtKind::TypeSwitch { .. } => TargetKind::Switch,
        StmtKind::Select { .. } => TargetKind::Select,
        _ => TargetKind::Other,
    }
}

impl Checker<'_> {
    fn err(&mut self, pos: Pos, message: String) {
        self.errs.push(Diagnostic { pos, message });
    }

    /// The label statement (by name position) enclosing block `b` named `name`:
    /// `Ok(Some(kind))` if found enclosing, `Ok(None)` if declared but not enclosing,
    /// `Err(())` if not declared.
    fn enclosing_target(&mut self, b: usize, name: &str) -> Result<Option<TargetKind>, ()> {
        let Some(l) = self.labels.get_mut(name) else {
            return Err(());
        };
        l.used = true;
        let (lpos, kind) = (l.pos, l.target);
        let mut cur = Some(b);
        while let Some(i) = cur {
            if self.blocks[i].label == Some(lpos) {
                return Ok(Some(kind));
            }
            cur = self.blocks[i].parent;
        }
        Ok(None)
    }

    fn goto_target(&mut self, b: usize, name: &str) -> bool {
        let Some(l) = self.labels.get_mut(name) else {
            return false;
        };
        l.used = true;
        let lb = l.block;
        let mut cur = Some(b);
        while let Some(i) = cur {
            if i == lb {
                return true;
            }
            cur = self.blocks[i].parent;
        }
        false
    }

    fn block_branches(
        &mut self,
        parent: Option<usize>,
        ctx: Targets,
        label: Option<Pos>,
        start: Pos,
        body: &[Stmt],
    ) -> Vec<Fwd> {
        let b = self.blocks.len();
        self.blocks.push(BlockInfo {
            parent,
            start,
            label,
        });
        let mut var_decl: Option<(Pos, String)> = None;
        let mut fwd: Vec<Fwd> = Vec::new();
        let mut bad: Vec<u32> = Vec::new();

        // trailing empty statements do not count (for "fallthrough" placement)
        let mut n = body.len();
        while n > 0 && matches!(body[n - 1].kind, StmtKind::Empty) {
            n -= 1;
        }
        let list = &body[..n];
        for (idx, stmt) in list.iter().enumerate() {
            let mut stmt = stmt;
            let mut lstmt: Option<Pos> = None;
            // unwrap labels, declaring them
            while let StmtKind::Labeled {
                label: l,
                stmt: inner,
            } = &stmt.kind
            {
                if l.name != "_" {
                    self.declare(b, l, inner);
                    let mut keep = Vec::new();
                    for f in fwd.drain(..) {
                        if f.name == l.name {
                            if let Some(lab) = self.labels.get_mut(&l.name) {
                                lab.used = true;
                            }
                            if var_decl.is_some() && bad.contains(&f.key) {
                                let (vpos, vname) = var_decl.clone().unwrap();
                                let at = (self.fmt_pos)(vpos);
                                self.err(
                                    f.pos,
                                    format!(
                                        "goto {} jumps over declaration of {} at {}",
                                        l.name, vname, at
                                    ),
                                );
                            }
                        } else {
                            keep.push(f);
                        }
                    }
                    fwd = keep;
                    lstmt = Some(l.pos);
                }
                stmt = inner;
            }
            let mut inner_fwd = Vec::new();
            let mut inner = |c: &mut Self, ctx: Targets, start: Pos, body: &[Stmt]| {
                inner_fwd.extend(c.block_branches(Some(b), ctx, lstmt, start, body));
            };
            let plain = Targets {
                case_index: None,
                ..ctx
            };
            match &stmt.kind {
                StmtKind::Decl(Decl {
                    kind: DeclKind::Var(g),
                    ..
                }) => {
                    if let Some(s) = g.specs.first()
                        && let Some(n) = s.names.first()
                    {
                        var_decl = Some((s.pos, n.name.clone()));
                        bad = fwd.iter().map(|f| f.key).collect();
                    }
                }
                StmtKind::Assign {
                    lhs,
                    op: AssignOp::Define,
                    op_pos,
                    ..
                } => {
                    var_decl = Some((*op_pos, expr_list_string(lhs)));
                    bad = fwd.iter().map(|f| f.key).collect();
                }
                StmtKind::Branch { kind, label: None } => match kind {
                    BranchKind::Break => {
                        if !ctx.breaks {
                            self.err(stmt.pos, "break is not in a loop, switch, or select".into());
                        }
                    }
                    BranchKind::Continue => {
                        if !ctx.continues {
                            self.err(stmt.pos, "continue is not in a loop".into());
                        }
                    }
                    BranchKind::Fallthrough => {
                        let mut msg = Some("fallthrough statement out of place");
                        if let Some((is_type, nclauses)) = ctx.switch {
                            if is_type {
                                msg = Some("cannot fallthrough in type switch");
                            } else if ctx.case_index.is_none() || idx + 1 < list.len() {
                                // not the last statement of a clause: out of place
                            } else if ctx.case_index.is_some_and(|ci| ci + 1 == nclauses) {
                                msg = Some("cannot fallthrough final case in switch");
                            } else {
                                msg = None;
                            }
                        }
                        if let Some(m) = msg {
                            self.err(stmt.pos, m.into());
                        }
                    }
                    BranchKind::Goto => {}
                },
                StmtKind::Branch {
                    kind,
                    label: Some(l),
                } => match kind {
                    BranchKind::Break => match self.enclosing_target(b, &l.name) {
                        Ok(Some(TargetKind::For | TargetKind::Switch | TargetKind::Select)) => {}
                        Ok(_) => self.err(l.pos, format!("invalid break label {}", l.name)),
                        Err(()) => self.err(l.pos, format!("break label not defined: {}", l.name)),
                    },
                    BranchKind::Continue => match self.enclosing_target(b, &l.name) {
                        Ok(Some(TargetKind::For)) => {}
                        Ok(_) => self.err(l.pos, format!("invalid continue label {}", l.name)),
                        Err(()) => {
                            self.err(l.pos, format!("continue label not defined: {}", l.name))
                        }
                    },
                    BranchKind::Goto => {
                        if !self.goto_target(b, &l.name) {
                            fwd.push(Fwd {
                                name: l.name.clone(),
                                pos: l.pos,
                                key: l.pos.0,
                            });
                        }
                    }
                    BranchKind::Fallthrough => {}
                },
                StmtKind::Block(blk) => inner(self, plain, blk.lbrace, &blk.stmts),
                StmtKind::If { then, els, .. } => {
                    inner(self, plain, then.lbrace, &then.stmts);
                    if let Some(e) = els {
                        let start = match &e.kind {
                            StmtKind::Block(bb) => bb.lbrace,
                            _ => e.pos,
                        };
                        inner(self, plain, start, std::slice::from_ref(&**e));
                    }
                }
                StmtKind::For { body, .. } | StmtKind::Range { body, .. } => {
                    let t = Targets {
                        breaks: true,
                        continues: true,
                        switch: None,
                        case_index: None,
                    };
                    inner(self, t, body.lbrace, &body.stmts);
                }
                StmtKind::Switch { clauses, .. } | StmtKind::TypeSwitch { clauses, .. } => {
                    let is_type = matches!(stmt.kind, StmtKind::TypeSwitch { .. });
                    for (i, cc) in clauses.iter().enumerate() {
                        let t = Targets {
                            breaks: true,
                            continues: ctx.continues,
                            switch: Some((is_type, clauses.len())),
                            case_index: Some(i),
                        };
                        inner(self, t, cc.pos, &cc.body);
                    }
                }
                StmtKind::Select { clauses, .. } => {
                    let t = Targets {
                        breaks: true,
                        continues: ctx.continues,
                        switch: None,
                        case_index: None,
                    };
                    for cc in clauses {
                        inner(self, t, cc.pos, &cc.body);
                    }
                }
                _ => {}
            }
            fwd.extend(inner_fwd);
        }
        fwd
    }

    fn declare(&mut self, b: usize, l: &Ident, stmt: &Stmt) {
        if let Some(alt) = self.labels.get(&l.name) {
            let at = (self.fmt_pos)(alt.pos);
            self.err(l.pos, format!("label {} already defined at {}", l.name, at));
            return;
        }
        self.labels.insert(
            l.name.clone(),
            Label {
                block: b,
                pos: l.pos,
                target: target_kind(stmt),
                used: false,
            },
        );
    }
}
