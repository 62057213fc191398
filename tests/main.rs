//! The workspace's tests of the whole pipeline, on real data: the seed page, the shared corpus
//! and facts, a demo set in `tests/fixtures/` that exercises every shape, golden files, and the
//! generated C and Rust compiled and run. One binary, one module per concern.

mod against;
mod bad_input;
mod baseline;
mod c_header;
mod cli;
mod corpus;
mod exchange;
mod exchange_import;
mod file_names;
mod generate;
mod glossary;
mod golden;
mod identifiers;
mod l10n;
mod l10n_precision;
mod layouts;
mod macros;
mod multilingual;
mod new_set;
mod properties;
mod robustness;
mod rust_crate;
mod sarif;
mod seed;
mod support;
mod tidy;
mod windows_sys;
mod yaml11;
