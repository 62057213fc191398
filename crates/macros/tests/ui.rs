//! What a crate author sees: a model that compiles, and every kind of bad model or path as a
//! compile error at the path literal (the `.stderr` files beside each case).

#[test]
fn ui() {
    // trybuild compiles each case in a crate of its own under `target/`, so the macro is told
    // to resolve paths against this crate's directory instead of that one's.
    // SAFETY: set before any other thread of this test binary exists.
    unsafe { std::env::set_var("DOCCODES_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR")) };
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
