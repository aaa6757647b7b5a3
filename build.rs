//! With the `split` feature on wasm, the release binaries keep their relocations
//! (`--emit-relocs`), which wasm-split needs to cut them into modules, and the code sees
//! `cfg(wasm_split)`. Set here rather than in `.cargo/config.toml` so no dependency is rebuilt
//! and tests and clippy build exactly as before.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(wasm_split)");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo::rustc-cfg=wasm_split");
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }
}
