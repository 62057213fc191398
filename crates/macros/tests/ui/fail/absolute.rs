doccodes_macros::include_codes!("/etc/hosts");

fn main() {}
