doccodes_macros::include_codes!("tests/ui/models/keyword.yaml");

fn main() {}
