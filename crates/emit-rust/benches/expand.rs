//! What `include_codes!` costs at compile time for the SSPI model, stage by stage: loading the
//! YAML, building the items (all the macro does), and, for comparison, formatting them into the
//! file `cargo xtask gen` writes. `cargo xtask bench-macro` measures the same inside rustc.
//!
//! `cargo bench -p doccodes-emit-rust`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use doccodes_model::Model;

const MODEL: &str = "generated/model/sspi-status-codes.yaml";

fn expand(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(MODEL);
    let yaml = std::fs::read_to_string(path).unwrap();
    let model = Model::from_yaml(MODEL, &yaml).unwrap();

    let mut group = c.benchmark_group("sspi model");
    group.bench_function("load the YAML", |b| {
        b.iter(|| Model::from_yaml(MODEL, black_box(&yaml)).unwrap())
    });
    group.bench_function("items", |b| {
        b.iter(|| doccodes_emit_rust::items(black_box(&model)).unwrap())
    });
    group.bench_function("load + items (the macro's work)", |b| {
        b.iter(|| {
            let model = Model::from_yaml(MODEL, black_box(&yaml)).unwrap();
            doccodes_emit_rust::items(&model).unwrap()
        })
    });
    group.bench_function("file (items formatted by prettyplease)", |b| {
        b.iter(|| doccodes_emit_rust::file(black_box(&model), MODEL).unwrap())
    });
    group.finish();
}

criterion_group!(benches, expand);
criterion_main!(benches);
