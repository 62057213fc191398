doccodes_macros::include_codes!("tests/ui/models/not-identifier.yaml");

fn main() {}
