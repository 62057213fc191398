//! Every code of the corpus and the seed that windows-sys defines, against windows-sys's own
//! source: the value bit for bit, and the type of its kind (`HRESULT` for an HRESULT,
//! `WIN32_ERROR` for a Win32 code, `NTSTATUS` for an NTSTATUS). windows-sys is generated from
//! Microsoft's metadata, a source independent of the pages and of mingw-w64.

use std::collections::BTreeMap;
use std::path::PathBuf;

use doccodes_extract::{PageInput, extract, set_of};
use doccodes_model::{Kind, Model};

use crate::support::{files_under, pages_under, read, shared, workspace};

/// windows-sys's `src/` folder, where cargo keeps the newest version `Cargo.lock` names (the
/// workspace's own dependency; others come with tools).
fn windows_sys_source() -> PathBuf {
    let lock = read(&workspace().join("Cargo.lock"));
    let version = lock
        .split("[[package]]")
        .filter(|package| package.contains("name = \"windows-sys\"\n"))
        .filter_map(|package| {
            let version = package.split("version = \"").nth(1)?.split('"').next()?;
            let parts: Vec<u32> = version
                .split('.')
                .map(|part| part.parse().ok())
                .collect::<Option<_>>()?;
            Some((parts, version.to_owned()))
        })
        .max()
        .map(|(_, version)| version)
        .expect("Cargo.lock names windows-sys");
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cargo"));
    let registry = home.join("registry/src");
    std::fs::read_dir(&registry)
        .unwrap_or_else(|error| panic!("{}: {error}", registry.display()))
        .map(|entry| {
            entry
                .unwrap()
                .path()
                .join(format!("windows-sys-{version}/src"))
        })
        .find(|path| path.is_dir())
        .unwrap_or_else(|| panic!("windows-sys {version} is not under {}", registry.display()))
}

/// Every `pub const NAME: TYPE = VALUE;` of windows-sys with an integer value: its type's last
/// path segment and its 32 bits.
fn windows_sys_constants() -> BTreeMap<String, (String, u32)> {
    let mut constants = BTreeMap::new();
    for file in files_under(&windows_sys_source()) {
        if file.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        for line in read(&file).lines() {
            let Some(rest) = line.trim().strip_prefix("pub const ") else {
                continue;
            };
            let Some((name, rest)) = rest.split_once(": ") else {
                continue;
            };
            let Some((ty, value)) = rest.split_once(" = ") else {
                continue;
            };
            let value = value.trim_end_matches(';').trim_end_matches(" as _");
            if let Some(value) = integer(value) {
                let ty = ty.rsplit("::").next().unwrap_or(ty).to_owned();
                constants.insert(name.to_owned(), (ty, value));
            }
        }
    }
    constants
}

/// `0x80090301_u32`, `1460u32`, `-1505i32`, `10004i32` as 32 bits.
fn integer(text: &str) -> Option<u32> {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let digits = ["_u32", "_i32", "u32", "i32"]
        .iter()
        .find_map(|suffix| text.strip_suffix(suffix))?;
    let value = match digits.strip_prefix("0x") {
        Some(hex) => u32::from_str_radix(&hex.replace('_', ""), 16).ok()?,
        None => digits.replace('_', "").parse::<u32>().ok()?,
    };
    Some(if negative {
        value.wrapping_neg()
    } else {
        value
    })
}

/// The type windows-sys gives a kind, where it has one.
fn windows_sys_type(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Hresult => Some("HRESULT"),
        Kind::Win32 => Some("WIN32_ERROR"),
        Kind::Ntstatus => Some("NTSTATUS"),
        Kind::Int => None,
    }
}

#[test]
fn every_code_windows_sys_defines_is_bit_equal_and_of_its_kind_type() {
    if !crate::support::has_shared() {
        return;
    }
    let constants = windows_sys_constants();
    assert!(constants.len() > 50_000, "{}", constants.len());
    let mut models: Vec<(String, Model)> = Vec::new();
    let seed = Model::from_yaml(
        "generated/model/sspi-status-codes.yaml",
        &read(&workspace().join("generated/model/sspi-status-codes.yaml")),
    )
    .unwrap();
    models.push(("generated/model/sspi-status-codes.yaml".into(), seed));
    for path in pages_under(&shared().join("corpus/en-us")) {
        let text = read(&path);
        let shown = crate::support::corpus_name(&path);
        let input = PageInput {
            path: &shown,
            text: &text,
        };
        if let Ok(model) = extract(&set_of(&shown).0, &[input], &[], &[]).model {
            models.push((shown, model));
        }
    }
    let mut by_type: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut differences = String::new();
    for (source, model) in &models {
        let set_kind = model.kind();
        for entry in model.entries.iter().filter(|entry| entry.value.is_some()) {
            let Some((ty, value)) = constants.get(&entry.name) else {
                continue;
            };
            let kind = entry.kind();
            *by_type
                .entry((kind.as_str().to_owned(), ty.clone()))
                .or_default() += 1;
            let documented = entry.value.unwrap();
            if documented != *value {
                differences.push_str(&format!(
                    "{source}: {} is 0x{documented:08X}, windows-sys 0x{value:08X}\n",
                    entry.name
                ));
            }
            // A code of the set's kind whose windows-sys type is a kind's type has that type.
            if kind == set_kind
                && let Some(expected) = windows_sys_type(kind)
                && ["HRESULT", "WIN32_ERROR", "NTSTATUS"].contains(&ty.as_str())
                && ty != expected
            {
                differences.push_str(&format!(
                    "{source}: {} is {} here, {ty} in windows-sys\n",
                    entry.name,
                    kind.as_str()
                ));
            }
        }
    }
    let mut summary = String::from("kind, windows-sys type: codes\n");
    for ((kind, ty), count) in &by_type {
        summary.push_str(&format!("{kind}, {ty}: {count}\n"));
    }
    summary.push_str("\ndifferences (documentation errors, each known):\n");
    summary.push_str(&differences);
    expect_test::expect_file![workspace().join("tests/golden/windows-sys.txt")].assert_eq(&summary);
}
