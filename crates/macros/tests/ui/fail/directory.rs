doccodes_macros::include_codes!("tests/ui/models");

fn main() {}
