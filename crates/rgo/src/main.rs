//! The `rgo` command: build, run, tool compile|asm|link, env, version.
//!
//! This is the only crate that touches files, the environment and processes; the
//! compiler, assembler and linker crates work on bytes in memory.

mod driver;
mod load;
mod runtime_files;

use std::process::ExitCode;

const USAGE: &str = "rgo is a Go toolchain written in Rust.

Usage:

\trgo <command> [arguments]

The commands are:

\tbuild       compile packages and dependencies
\trun         compile and run Go program
\ttool        run a stage alone: compile, asm, link
\tenv         print Go environment information
\tversion     print rgo version
";

fn main() -> ExitCode {
    // The front end and code generation recurse over expressions; a long operator chain
    // in a generated file can be thousands deep. Run on a thread with a large stack
    // (virtual memory: only what is touched is used).
    std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(real_main)
        .map(|h| h.join().unwrap_or(ExitCode::from(2)))
        .unwrap_or(ExitCode::from(2))
}

fn real_main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let result = match cmd.as_str() {
        "build" => driver::cmd_build(rest),
        "run" => driver::cmd_run(rest),
        "tool" => driver::cmd_tool(rest),
        "env" => cmd_env(rest),
        "version" => {
            println!("rgo version {} go1.19 linux/amd64", env!("CARGO_PKG_VERSION"));
            Ok(0)
        }
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(0)
        }
        other => {
            eprintln!("rgo {other}: unknown command\nRun 'rgo help' for usage.");
            Ok(2)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("{msg}");
            }
            ExitCode::from(1)
        }
    }
}

/// `rgo env [VAR...]`: the variables a Go programmer expects, with rgo's values.
fn cmd_env(args: &[String]) -> Result<u8, String> {
    let goroot = std::env::var("GOROOT").unwrap_or_else(|_| "/usr/lib/go-1.19".into());
    let cache = std::env::var("GOCACHE").unwrap_or_else(|_| {
        let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
        format!("{home}/.cache/rgo")
    });
    let maxprocs = std::env::var("GOMAXPROCS").unwrap_or_else(|_| {
        std::thread::available_parallelism().map(|n| n.get().to_string()).unwrap_or_else(|_| "1".into())
    });
    let vars = [
        ("GOARCH", "amd64".to_string()),
        ("GOCACHE", cache),
        ("GOMAXPROCS", maxprocs),
        ("GOOS", "linux".to_string()),
        ("GOROOT", goroot),
    ];
    if args.is_empty() {
        for (k, v) in &vars {
            println!("{k}=\"{v}\"");
        }
    } else {
        for a in args {
            match vars.iter().find(|(k, _)| k == a) {
                Some((_, v)) => println!("{v}"),
                None => println!(),
            }
        }
    }
    Ok(0)
}
