fn main() {
    doccodes::main_with(|terminal, stdout, stderr| {
        xtask::run(std::env::args_os(), terminal, stdout, stderr)
    })
}
