fn main() {
    doccodes::main_with(|terminal, stdout, stderr| {
        doccodes::run(std::env::args_os(), terminal, stdout, stderr)
    })
}
