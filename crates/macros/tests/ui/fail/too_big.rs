doccodes_macros::include_codes!("tests/ui/models/too-big.yaml");

fn main() {}
