//! The two kinds of test the harness runs: `// run` tests (build, run, compare the
//! output) and `// errorcheck` tests (build must fail with exactly the errors the
//! `// ERROR` comments ask for). Each has its own directories and its own passing list.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Run,
    Errorcheck,
}

impl Mode {
    pub fn from_name(s: &str) -> Option<Mode> {
        match s {
            "run" => Some(Mode::Run),
            "errorcheck" => Some(Mode::Errorcheck),
            _ => None,
        }
    }

    /// The recipe action this mode runs (`// run`, `// errorcheck`).
    pub fn action(self) -> &'static str {
        match self {
            Mode::Run => "run",
            Mode::Errorcheck => "errorcheck",
        }
    }

    /// The suite's directories searched in this mode. For `run`: run.go's list, minus the
    /// ones that hold no `// run` tests or test gc internals (syntax, dwarf, codegen,
    /// runtime, typeparam/mdempsky). For `errorcheck`: the same minus typeparam (rgo
    /// has no generics yet, so every expectation there would be about a missing feature)
    /// and abi (its errorcheck tests all pass gc flags).
    pub fn dirs(self) -> &'static [&'static str] {
        match self {
            Mode::Run => &[".", "ken", "chan", "interface", "fixedbugs", "typeparam", "abi"],
            Mode::Errorcheck => &[".", "ken", "chan", "interface", "fixedbugs"],
        }
    }
}
