//! The canonical model as any YAML reader reads it: PyYAML (YAML 1.1, what most CI tooling
//! uses) gets the same data from every model as the project's reader (YAML 1.2).

use std::process::Command;

use crate::support::workspace;

/// PyYAML's reading of each YAML text, as JSON, or `None` when this machine has no PyYAML
/// (then the test skips, unless DOCCODES_REQUIRE_PYYAML says it must run).
fn read_by_pyyaml(texts: &[String]) -> Option<Vec<serde_json::Value>> {
    const SCRIPT: &str = "
import json, sys, yaml
texts = json.load(sys.stdin)
# default=repr: a date or anything else JSON lacks shows as what it is, and differs.
print(json.dumps([yaml.safe_load(text) for text in texts], default=repr))
";
    if !crate::support::tool(
        "python3",
        &["-c", "import yaml"],
        "DOCCODES_REQUIRE_PYYAML",
        "python3 -m pip install pyyaml to read the models as YAML 1.1 tooling does",
    ) {
        return None;
    }
    let mut child = Command::new("python3")
        .args(["-c", SCRIPT])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    serde_json::to_writer(child.stdin.take().unwrap(), texts).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    Some(serde_json::from_slice(&output.stdout).unwrap())
}

/// The project's reading of a YAML text (YAML 1.2, the reader `Model::from_yaml` uses), as JSON.
fn read_by_the_project(text: &str) -> serde_json::Value {
    let value: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
    serde_json::to_value(value).unwrap()
}

#[test]
fn pyyaml_reads_every_model_as_the_project_does() {
    let mut models = Vec::new();
    for entry in std::fs::read_dir(workspace().join("generated/model")).unwrap() {
        models.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    // The seed model with the meanings YAML 1.1 reads as something else: booleans, the value
    // key, a merge key, numbers with `_` or in base 60, a date, null, octal.
    let seed = models[0].clone();
    let mut tricky = seed.clone();
    let meanings = [
        "'Yes'",
        "'No'",
        "'on'",
        "'OFF'",
        "'y'",
        "'='",
        "'<<'",
        "'1_000'",
        "'1:20'",
        "'2001-12-14'",
        "'~'",
        "'null'",
        "'0777'",
        "'.inf'",
    ];
    let mut lines = tricky.lines().map(str::to_owned).collect::<Vec<_>>();
    let mut replaced = 0;
    for line in lines.iter_mut() {
        if replaced < meanings.len() && line.starts_with("    en-US: ") {
            *line = format!("    en-US: {}", meanings[replaced]);
            replaced += 1;
        }
    }
    assert_eq!(replaced, meanings.len());
    tricky = lines.join("\n") + "\n";
    let model = doccodes_model::Model::from_yaml("tricky.yaml", &tricky).unwrap();
    let canonical = model.to_yaml();
    for meaning in meanings {
        let plain = meaning.trim_matches('\'');
        assert!(
            !canonical.contains(&format!("en-US: {plain}\n")),
            "{plain} is written plain"
        );
    }
    models.push(canonical);

    let Some(pyyaml) = read_by_pyyaml(&models) else {
        return;
    };
    for (text, theirs) in models.iter().zip(pyyaml) {
        let ours = read_by_the_project(text);
        assert_eq!(theirs, ours, "PyYAML reads this model otherwise:\n{text}");
    }
}
