use std::io::IsTerminal;

fn main() {
    // Colours and progress for people at a terminal; NO_COLOR (no-color.org) turns colours off.
    let colours = std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
    xtask::on_terminal(xtask::Terminal {
        stdout: colours && std::io::stdout().is_terminal(),
        stderr: std::io::stderr().is_terminal(),
    });
    // Reports of a whole site are written page by page: buffered, that is a few large writes.
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let code = xtask::run(std::env::args_os(), &mut stdout, &mut std::io::stderr());
    if let Err(error) = std::io::Write::flush(&mut stdout)
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write the output: {error}");
        std::process::exit(xtask::BAD_INPUT);
    }
    std::process::exit(code);
}
