const MODEL: &str = "codes.yaml";

doccodes_macros::include_codes!(MODEL);

fn main() {}
