//! Running the selected tests on N threads. Each test is independent (its own work
//! directory, its own processes), so a shared counter handing out indices is all the
//! scheduling needed; results land in their test's slot, so the report order does not
//! depend on timing.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::discover::Test;
use crate::runner::{self, Config, Outcome};

pub struct Result {
    pub outcome: Outcome,
    /// Output of the failing step, kept only when asked for (it can be large).
    pub output: Vec<u8>,
}

/// Runs `tests` with `jobs` threads. `on_done(i, result)` is called as each finishes (from
/// the worker thread, serialized), for progress and --verbose output.
pub fn run_all(
    cfg: &Config,
    tests: &[&Test],
    jobs: usize,
    work_root: &Path,
    keep_output: bool,
    on_done: &(dyn Fn(usize, &Result) + Sync),
) -> Vec<Result> {
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Result>>> = tests.iter().map(|_| Mutex::new(None)).collect();
    let report = Mutex::new(());
    std::thread::scope(|s| {
        for _ in 0..jobs.min(tests.len()) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(test) = tests.get(i) else { break };
                    let work = work_root.join(i.to_string());
                    let (outcome, output) = match std::fs::create_dir_all(&work) {
                        Ok(()) => runner::run_test(cfg, test, &work),
                        Err(e) => (Outcome::HarnessError(format!("creating {}: {e}", work.display())), vec![]),
                    };
                    // Binaries are a few MB each; do not keep hundreds of them around.
                    let _ = std::fs::remove_dir_all(&work);
                    let result = Result { output: if keep_output { output } else { Vec::new() }, outcome };
                    {
                        let _serial = report.lock().unwrap();
                        on_done(i, &result);
                    }
                    *slots[i].lock().unwrap() = Some(result);
                }
            });
        }
    });
    slots.into_iter().map(|m| m.into_inner().unwrap().expect("every test ran")).collect()
}
