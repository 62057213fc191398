doccodes_macros::include_codes!("tests/ui/models/not-utf8.yaml");

fn main() {}
