//! Debug tool: `cargo run -p rgo-syntax --example parse -- [-ast] FILE...` prints each
//! file's diagnostics as gc would (`name:LINE:COL: message`), or with `-ast` its dump.

fn main() {
    let mut ast = false;
    for arg in std::env::args().skip(1) {
        if arg == "-ast" {
            ast = true;
            continue;
        }
        let src = match std::fs::read(&arg) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{arg}: {e}");
                continue;
            }
        };
        let (file, diags) = rgo_syntax::parse_file_bytes(&arg, &src);
        if ast {
            print!("{}", rgo_syntax::print::print_file(&file));
        }
        let mut diags = diags;
        if std::env::var_os("RGO_DIRECTIVES").is_some() && diags.is_empty() {
            diags = rgo_syntax::check_directives(&file);
        }
        for d in &diags {
            println!("{}", d.render(&file));
        }
    }
}
