//! Package-level variable initialization order (spec "Package initialization"):
//! repeatedly pick the earliest variable in declaration order that is ready, i.e.
//! whose initializer depends on no uninitialized variable. References through
//! functions count: a variable depends on every variable a function it mentions uses.

use super::{Checker, DeclRef};
use crate::info::Initializer;
use crate::objects::ObjId;
use rgo_syntax::ast::DeclKind;
use std::collections::{HashMap, HashSet};

impl Checker<'_> {
    pub(super) fn compute_init_order(&mut self) {
        // Variables in declaration order, with the location of their initializer.
        struct Var {
            objs: Vec<ObjId>,
            init: Option<Initializer>,
        }
        let mut vars: Vec<Var> = vec![];
        let files = self.files;
        for fi in self.pkg_files.clone() {
            let file = &files[fi];
            for (di, decl) in file.decls.iter().enumerate() {
                let DeclKind::Var(g) = &decl.kind else { continue };
                for (si, spec) in g.specs.iter().enumerate() {
                    let objs: Vec<ObjId> = spec.names.iter().filter_map(|n| self.idents[fi][n.id.0 as usize]).collect();
                    if spec.values.is_empty() {
                        for o in objs {
                            vars.push(Var { objs: vec![o], init: None });
                        }
                    } else if spec.values.len() == spec.names.len() {
                        for (i, o) in objs.into_iter().enumerate() {
                            vars.push(Var {
                                objs: vec![o],
                                init: Some(Initializer { lhs: vec![o], file: fi as u32, decl: di as u32, spec: si as u32, value: i as u32 }),
                            });
                        }
                    } else {
                        vars.push(Var {
                            init: Some(Initializer { lhs: objs.clone(), file: fi as u32, decl: di as u32, spec: si as u32, value: 0 }),
                            objs,
                        });
                    }
                }
            }
        }
        // Transitive variable dependencies, looking through functions.
        let is_var = |c: &Self, o: ObjId| matches!(c.decls.get(&o), Some(DeclRef::Var { .. }));
        let mut var_deps: HashMap<usize, HashSet<ObjId>> = HashMap::new();
        for (i, v) in vars.iter().enumerate() {
            let mut out = HashSet::new();
            let mut seen = HashSet::new();
            let mut stack: Vec<ObjId> = v.objs.iter().flat_map(|o| self.deps.get(o).cloned().unwrap_or_default()).collect();
            while let Some(d) = stack.pop() {
                if !seen.insert(d) {
                    continue;
                }
                if is_var(self, d) {
                    out.insert(d);
                } else if let Some(ds) = self.deps.get(&d) {
                    stack.extend(ds.iter().copied());
                }
            }
            var_deps.insert(i, out);
        }
        let mut done: HashSet<ObjId> = HashSet::new();
        let mut emitted = vec![false; vars.len()];
        let mut remaining = vars.len();
        while remaining > 0 {
            let ready = (0..vars.len()).find(|&i| {
                !emitted[i] && var_deps[&i].iter().all(|d| done.contains(d) || vars[i].objs.contains(d) && vars[i].init.is_none())
            });
            let Some(i) = ready else {
                // A cycle: report it at the first uninitialized variable.
                let i = (0..vars.len()).find(|&i| !emitted[i]).unwrap();
                let o = self.obj(vars[i].objs[0]).clone();
                self.file = o.file.unwrap_or(0);
                self.error(o.pos, format!("initialization cycle or initialization loop: {} refers to itself", o.name));
                return;
            };
            // Self-reference through a function is also a cycle.
            if vars[i].init.is_some() && vars[i].objs.iter().any(|o| var_deps[&i].contains(o)) {
                let o = self.obj(vars[i].objs[0]).clone();
                self.file = o.file.unwrap_or(0);
                self.error(o.pos, format!("initialization cycle: {} refers to itself", o.name));
                return;
            }
            emitted[i] = true;
            remaining -= 1;
            for &o in &vars[i].objs {
                done.insert(o);
            }
            if let Some(init) = vars[i].init.clone() {
                self.init_order.push(init);
            }
        }
    }
}
