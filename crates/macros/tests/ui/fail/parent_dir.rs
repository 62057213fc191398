doccodes_macros::include_codes!("../../Cargo.toml");

fn main() {}
