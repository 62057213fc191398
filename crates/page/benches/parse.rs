//! How long reading pages takes, against pulldown-cmark alone on the same bytes: DESIGN.md's
//! yardstick is that a parse should cost a small multiple of one pulldown-cmark pass.
//!
//! `cargo bench -p doccodes-page`; the corpus group needs `../shared/corpus`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use doccodes_page::{Context, Page, Side};
use pulldown_cmark::{Options, Parser};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn corpus() -> Vec<String> {
    let mut texts = Vec::new();
    let mut stack = vec![workspace().join("../shared/corpus")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") && !path.ends_with("README.md") {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }
    texts
}

fn pulldown_pass(text: &str) -> usize {
    let options = Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    Parser::new_ext(text, options).count()
}

fn read_every_cell(page: &Page<'_>) -> usize {
    let mut lines = 0;
    for table in &page.tables {
        for cell in table.rows.iter().flat_map(|row| &row.cells) {
            for side in [Side::Source, Side::Target] {
                lines += page
                    .lines(cell.content.clone(), side, Context::TableCell)
                    .len();
            }
        }
    }
    lines
}

fn bench(c: &mut Criterion) {
    let seed = std::fs::read_to_string(workspace().join("docs-src/sspi-status-codes.zh-tw.md"))
        .expect("the seed page");
    let mut group = c.benchmark_group("seed");
    group.throughput(Throughput::Bytes(seed.len() as u64));
    group.bench_function("pulldown-cmark pass", |b| {
        b.iter(|| pulldown_pass(black_box(&seed)))
    });
    group.bench_function("Page::parse", |b| {
        b.iter(|| Page::parse(black_box(&seed)).segments.len())
    });
    group.bench_function("Page::parse + every cell, both sides", |b| {
        b.iter(|| read_every_cell(&Page::parse(black_box(&seed))))
    });
    group.finish();

    let corpus = corpus();
    if corpus.is_empty() {
        eprintln!("../shared/corpus not found: corpus benchmarks skipped");
        return;
    }
    let bytes: usize = corpus.iter().map(String::len).sum();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("pulldown-cmark pass", |b| {
        b.iter(|| corpus.iter().map(|text| pulldown_pass(text)).sum::<usize>())
    });
    group.bench_function("Page::parse", |b| {
        b.iter(|| {
            corpus
                .iter()
                .map(|text| Page::parse(text).segments.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
