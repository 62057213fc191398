doccodes_macros::include_codes!("tests/ui/models/bad-symbol.yaml");

fn main() {}
