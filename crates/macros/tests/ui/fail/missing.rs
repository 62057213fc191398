doccodes_macros::include_codes!("tests/ui/models/missing.yaml");

fn main() {}
