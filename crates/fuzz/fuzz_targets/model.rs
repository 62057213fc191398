//! Any bytes, as a model file: loaded, and when it loads, saved and loaded again to the same
//! model. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(model) = doccodes_model::Model::from_yaml("fuzz.yaml", text) {
        let yaml = model.to_yaml();
        let again =
            doccodes_model::Model::from_yaml("fuzz.yaml", &yaml).expect("a saved model loads");
        assert_eq!(again, model);
    }
});
