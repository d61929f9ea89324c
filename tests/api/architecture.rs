//! The shape DESIGN.md asks for, checked on the source: data flows one
//! way, so no two modules import each other, directly or round a loop.
//!
//! Two levels are checked: the crate's top-level modules (the stages, the
//! service, the tools), and the sibling files inside each module folder
//! (`http/gallery.rs` and `http/interviews.rs`). A folder's own `mod.rs` may
//! use its children and they may use what it defines (shared state, error
//! types), as Rust's module tree intends; only imports between different
//! modules count. Test modules are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// `src/http/gallery.rs` → `["http", "gallery"]`; `src/http/mod.rs` → `["http"]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without comments and without its test module.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The module paths a file's code names: `crate::a::b`, `crate::{a, b::c}`,
/// `super::x` (resolved against the file's own path), and the crate root's
/// re-exports (`crate::Error` is `error`, `crate::Fault` is `fault`).
fn references(own: &[String], code: &str, modules: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let mut found = BTreeSet::new();
    let mut add = |path: Vec<String>| {
        // The longest prefix that is a module.
        for len in (1..=path.len()).rev() {
            if modules.contains(&path[..len]) {
                found.insert(path[..len].to_vec());
                return;
            }
        }
    };
    let words = |s: &str| -> Vec<String> {
        s.split("::").map(|w| w.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()).collect()
    };
    let root_reexport = |name: &str| match name {
        "Error" | "Result" => Some("error"),
        "Fault" | "ErrorCode" => Some("fault"),
        _ => None,
    };
    for (prefix, base) in [("crate::", Vec::new()), ("super::", own[..own.len().saturating_sub(1)].to_vec())] {
        for (at, _) in code.match_indices(prefix) {
            if at > 0 && code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let rest = &code[at + prefix.len()..];
            let groups: Vec<String> = if let Some(inner) = rest.strip_prefix('{') {
                let inner = &inner[..inner.find('}').unwrap_or(inner.len())];
                inner.split(',').map(str::to_string).collect()
            } else {
                vec![rest.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).next().unwrap_or("").into()]
            };
            for group in groups {
                let mut path = base.clone();
                let words = words(&group);
                if base.is_empty() {
                    if let Some(module) = words.first().and_then(|w| root_reexport(w)) {
                        add(vec![module.to_string()]);
                        continue;
                    }
                }
                path.extend(words.into_iter().filter(|w| !w.is_empty()));
                add(path);
            }
        }
    }
    found
}

/// Finds a loop in `edges`, if there is one.
fn a_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges.keys().find_map(|node| visit(node, edges, &mut Vec::new(), &mut done))
}

/// A module by its path from the crate root (`["http", "gallery"]`).
type ModulePath = Vec<String>;

/// Every module, and every (importer, imported) pair.
fn module_graph() -> (BTreeSet<ModulePath>, Vec<(ModulePath, ModulePath)>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_path(&src, f)).collect();
    let mut imports = Vec::new();
    for file in &files {
        let own = module_path(&src, file);
        if own.is_empty() || own == ["lib"] || own == ["main"] {
            continue;
        }
        for used in references(&own, &code_of(&std::fs::read_to_string(file).unwrap()), &modules) {
            imports.push((own.clone(), used));
        }
    }
    (modules, imports)
}

#[test]
fn no_two_modules_import_each_other_even_round_a_loop() {
    let (modules, imports) = module_graph();
    assert!(modules.len() > 40 && imports.len() > 100, "{} modules, {} imports", modules.len(), imports.len());
    // Level 1: the top-level modules.
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // Level 2: siblings in each folder, named by their full path.
    let mut siblings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in &imports {
        if from[0] != to[0] {
            top.entry(from[0].clone()).or_default().insert(to[0].clone());
            continue;
        }
        // Inside one top-level module: the first place their paths part.
        let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
        if common < from.len() && common < to.len() {
            let child = |p: &[String]| p[..=common].join("::");
            siblings.entry(child(from)).or_default().insert(child(to));
        }
    }
    assert_eq!(a_cycle(&top), None, "top-level modules import each other: {top:#?}");
    assert_eq!(a_cycle(&siblings), None, "sibling modules import each other");
}

#[test]
fn the_checker_finds_a_loop_and_resolves_paths() {
    let edges: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["c".to_string()])),
        ("c".to_string(), BTreeSet::from(["a".to_string()])),
    ]
    .into();
    assert_eq!(a_cycle(&edges), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
    let modules: BTreeSet<Vec<String>> =
        [vec!["http".to_string()], vec!["http".into(), "files".into()], vec!["error".into()], vec!["store".into()]]
            .into();
    let own = vec!["http".to_string(), "gallery".to_string()];
    let code = "use super::files::{card_response, host_url};\nuse crate::{Error, store::Store};\n// crate::nothing";
    let found = references(&own, &code_of(code), &modules);
    let expected: BTreeSet<Vec<String>> =
        [vec!["http".to_string(), "files".to_string()], vec!["error".into()], vec!["store".into()]].into();
    assert_eq!(found, expected);
}
