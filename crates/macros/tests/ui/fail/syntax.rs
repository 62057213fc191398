doccodes_macros::include_codes!("tests/ui/models/syntax.yaml");

fn main() {}
