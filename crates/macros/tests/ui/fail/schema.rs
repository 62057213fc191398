doccodes_macros::include_codes!("tests/ui/models/schema.yaml");

fn main() {}
