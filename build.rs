//! With the `split` feature on wasm, the release binaries keep their relocations
//! (`--emit-relocs`), which wasm-split needs to cut them into modules, and the code sees
//! `cfg(wasm_split)`, and `cfg(split_issue_view)` or `cfg(split_settings)` by bundle. Set here rather than in `.cargo/config.toml` so no dependency is rebuilt
//! and tests and clippy build exactly as before.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(wasm_split, split_issue_view, split_settings)");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo::rustc-cfg=wasm_split");
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
        // A split point exports its function from every binary linked with it, which keeps
        // the function's code alive there even when that binary never calls it: points used
        // by one bundle only are compiled into that bundle's build only.
        if std::env::var_os("CARGO_FEATURE_SETTINGS_BUNDLE").is_some() {
            println!("cargo::rustc-cfg=split_settings");
        } else {
            println!("cargo::rustc-cfg=split_issue_view");
        }
    }
}
