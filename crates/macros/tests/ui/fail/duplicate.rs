doccodes_macros::include_codes!("tests/ui/models/duplicate.yaml");

fn main() {}
