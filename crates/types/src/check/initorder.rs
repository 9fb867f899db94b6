//! Package initialization order and initialization cycles, computed as go/types
//! (types2's initorder.go) does, so the order and the errors are gc's:
//!
//! 1. The dependency graph has a node per package-level constant, variable and
//!    function (methods included); an edge for every reference recorded while checking
//!    its declaration or body (`deps`).
//! 2. Functions are eliminated: each predecessor of a function gets the function's
//!    successors, so variables depend on what the functions they mention use.
//! 3. Nodes are taken out by priority (fewest remaining dependencies, then declaration
//!    order), which is the spec's "earliest variable in declaration order that is
//!    ready". A node that still has dependencies when taken lies on a cycle: the cycle
//!    is found in the original graph (through functions) and reported as gc does
//!    (`initialization loop for x` / `x refers to` … / `x`).

use super::{Checker, DeclRef};
use crate::info::Initializer;
use crate::objects::ObjId;
use rgo_syntax::ast::DeclKind;
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap, HashSet};

impl Checker<'_> {
    pub(super) fn compute_init_order(&mut self) {
        let initializers = self.var_initializers();

        // Nodes: every constant, variable and function of the package.
        let mut nodes: Vec<ObjId> = self
            .decls
            .iter()
            .filter(|(_, d)| !matches!(d, DeclRef::Type { .. }))
            .map(|(&o, _)| o)
            .collect();
        nodes.sort();
        let is_func = |c: &Self, o: ObjId| matches!(c.decls.get(&o), Some(DeclRef::Func { .. }));
        let in_graph: HashSet<ObjId> = nodes.iter().copied().collect();
        let mut succ: HashMap<ObjId, BTreeSet<ObjId>> = HashMap::new();
        let mut pred: HashMap<ObjId, BTreeSet<ObjId>> = HashMap::new();
        for &n in &nodes {
            for &d in self.deps.get(&n).map(Vec::as_slice).unwrap_or(&[]) {
                if in_graph.contains(&d) {
                    succ.entry(n).or_default().insert(d);
                    pred.entry(d).or_default().insert(n);
                }
            }
        }
        // Eliminate functions, connecting their predecessors to their successors.
        for &f in nodes.iter().filter(|&&o| is_func(self, o)) {
            let ps: Vec<ObjId> = pred.get(&f).map(|s| s.iter().copied().collect()).unwrap_or_default();
            let ss: Vec<ObjId> = succ.get(&f).map(|s| s.iter().copied().collect()).unwrap_or_default();
            for &p in ps.iter().filter(|&&p| p != f) {
                for &s in ss.iter().filter(|&&s| s != f) {
                    succ.entry(p).or_default().insert(s);
                    pred.entry(s).or_default().insert(p);
                }
                succ.entry(p).or_default().remove(&f);
            }
            for &s in &ss {
                pred.entry(s).or_default().remove(&f);
            }
        }
        let remaining: Vec<ObjId> = nodes.iter().copied().filter(|&o| !is_func(self, o)).collect();
        let mut ndeps: HashMap<ObjId, usize> = remaining.iter().map(|&o| (o, succ.get(&o).map_or(0, BTreeSet::len))).collect();

        // Fewest dependencies first, then declaration order (ObjIds are allocated in
        // source order). Counts only go down, so stale heap entries are skipped.
        let mut heap: BinaryHeap<Reverse<(usize, ObjId)>> = remaining.iter().map(|&o| Reverse((ndeps[&o], o))).collect();
        let mut done: HashSet<ObjId> = HashSet::new();
        let mut emitted: HashSet<(u32, u32, u32, u32)> = HashSet::new();
        while let Some(Reverse((count, n))) = heap.pop() {
            if done.contains(&n) || count != ndeps[&n] {
                continue;
            }
            done.insert(n);
            if ndeps[&n] > 0 {
                if let Some(cycle) = self.find_path(n, n, &mut HashSet::new()) {
                    self.report_init_cycle(&cycle);
                }
            }
            for p in pred.get(&n).cloned().unwrap_or_default() {
                if let Some(c) = ndeps.get_mut(&p) {
                    *c = c.saturating_sub(1);
                    if !done.contains(&p) {
                        heap.push(Reverse((*c, p)));
                    }
                }
            }
            // Record the initializer of a variable, once per multi-value spec.
            if let Some(init) = initializers.get(&n) {
                if emitted.insert((init.file, init.decl, init.spec, init.value)) {
                    self.init_order.push(init.clone());
                }
            }
        }
    }

    /// The initializer of each package-level variable that has one; the names of
    /// `a, b = f()` share theirs.
    fn var_initializers(&self) -> HashMap<ObjId, Initializer> {
        let mut out = HashMap::new();
        let files = self.files;
        for fi in self.pkg_files.clone() {
            for (di, decl) in files[fi].decls.iter().enumerate() {
                let DeclKind::Var(g) = &decl.kind else { continue };
                for (si, spec) in g.specs.iter().enumerate() {
                    if spec.values.is_empty() {
                        continue;
                    }
                    let objs: Vec<ObjId> = spec.names.iter().filter_map(|n| self.idents[fi][n.id.0 as usize]).collect();
                    let at = |value: usize, lhs: Vec<ObjId>| Initializer { lhs, file: fi as u32, decl: di as u32, spec: si as u32, value: value as u32 };
                    if spec.values.len() == spec.names.len() {
                        for (i, &o) in objs.iter().enumerate() {
                            out.insert(o, at(i, vec![o]));
                        }
                    } else {
                        for &o in &objs {
                            out.insert(o, at(0, objs.clone()));
                        }
                    }
                }
            }
        }
        out
    }

    /// A path of references from `from` to `to`, reversed: `[to, …, from]` (types2's
    /// findPath, over the graph with functions).
    fn find_path(&self, from: ObjId, to: ObjId, seen: &mut HashSet<ObjId>) -> Option<Vec<ObjId>> {
        if !seen.insert(from) {
            return None;
        }
        for &d in self.deps.get(&from).map(Vec::as_slice).unwrap_or(&[]) {
            if d == to {
                return Some(vec![d]);
            }
            if let Some(mut p) = self.find_path(d, to, seen) {
                p.push(d);
                return Some(p);
            }
        }
        None
    }

    /// `initialization loop for a` then `a refers to`, `b refers to`, …, `a` on
    /// continuation lines, at the first object of the cycle.
    fn report_init_cycle(&mut self, cycle: &[ObjId]) {
        let first = self.obj(cycle[0]).clone();
        let mut msg = format!("initialization loop for {}", first.name);
        let mut o = cycle[0];
        for i in (0..cycle.len()).rev() {
            msg += &format!("\n\t{}: {} refers to", self.obj_pos_str(o), self.obj(o).name);
            o = cycle[i];
        }
        msg += &format!("\n\t{}: {}", self.obj_pos_str(o), self.obj(o).name);
        self.file = first.file.unwrap_or(0);
        self.error(first.pos, msg);
    }

    /// `file.go:3:5`, where object `o` is declared.
    pub fn obj_pos_str(&self, o: ObjId) -> String {
        let ob = self.obj(o);
        match ob.file {
            Some(f) => {
                let file = &self.files[f as usize];
                let (l, c) = file.line_col(ob.pos);
                format!("{}:{l}:{c}", file.name)
            }
            None => "<universe>".into(),
        }
    }
}
