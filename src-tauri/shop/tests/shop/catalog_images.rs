//! The bundled product illustrations are safe to serve and match the catalog one to one.
//!
//! The webview serves `ui/public/products/<id>.svg` as `/products/<id>.svg`. An SVG is active
//! content, so every file is checked for scripts, event handlers and external references, and
//! every product must have exactly one image (and every image a product).

use shop::catalog::Catalog;
use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

fn products_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/public/products")
}

fn svg_files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(products_dir()).expect("ui/public/products exists") {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) == Some("svg") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            out.push((stem, fs::read_to_string(&path).unwrap()));
        }
    }
    out.sort();
    out
}

/// Attribute names found in the text: `name=` preceded by whitespace.
fn attribute_names(svg: &str) -> BTreeSet<String> {
    let bytes = svg.as_bytes();
    let mut names = BTreeSet::new();
    for (i, _) in svg.match_indices('=') {
        let mut start = i;
        while start > 0
            && (bytes[start - 1].is_ascii_alphanumeric() || b":-_".contains(&bytes[start - 1]))
        {
            start -= 1;
        }
        if start < i && start > 0 && bytes[start - 1].is_ascii_whitespace() {
            names.insert(svg[start..i].to_ascii_lowercase());
        }
    }
    names
}

#[test]
fn every_product_has_one_image_and_every_image_a_product() {
    let catalog = Catalog::bundled();
    let ids: BTreeSet<String> = catalog.all().iter().map(|p| p.id.clone()).collect();
    let files: BTreeSet<String> = svg_files().into_iter().map(|(stem, _)| stem).collect();
    assert_eq!(ids, files);
}

#[test]
fn images_are_self_contained_and_script_free() {
    for (id, svg) in svg_files() {
        let lower = svg.to_ascii_lowercase();
        assert!(
            lower.starts_with("<svg "),
            "{id}: must start with the <svg> element"
        );
        assert!(
            lower.contains("viewbox=\"0 0 400 300\""),
            "{id}: 400x300 viewBox"
        );
        assert!(
            lower.contains("<title>"),
            "{id}: needs a <title> for accessibility"
        );
        for banned in [
            "<script",
            "<foreignobject",
            "<iframe",
            "<image",
            "javascript:",
            "<!entity",
            "<!doctype",
            "@import",
        ] {
            assert!(!lower.contains(banned), "{id}: contains {banned}");
        }
        for name in attribute_names(&lower) {
            assert!(
                !name.starts_with("on"),
                "{id}: event handler attribute {name}"
            );
            assert!(
                name != "href" && name != "xlink:href" && name != "src",
                "{id}: reference attribute {name}"
            );
        }
        // The only URL allowed is the SVG namespace; paint servers must be local (`url(#…)`).
        let without_ns = lower.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(
            !without_ns.contains("http:")
                && !without_ns.contains("https:")
                && !without_ns.contains("data:"),
            "{id}: external URL"
        );
        for (i, _) in lower.match_indices("url(") {
            assert_eq!(
                &lower[i + 4..i + 5],
                "#",
                "{id}: non-local url() at byte {i}"
            );
        }
        assert!(
            svg.len() < 12_000,
            "{id}: {} bytes is too heavy for a thumbnail",
            svg.len()
        );
    }
}

#[test]
fn paint_references_point_to_defined_ids() {
    for (id, svg) in svg_files() {
        let defined: BTreeSet<&str> = svg
            .match_indices(" id=\"")
            .map(|(i, m)| {
                let rest = &svg[i + m.len()..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect();
        for (i, _) in svg.match_indices("url(#") {
            let rest = &svg[i + 5..];
            let target = &rest[..rest.find(')').unwrap()];
            assert!(
                defined.contains(target),
                "{id}: url(#{target}) is not defined"
            );
        }
    }
}

#[test]
fn the_checker_rejects_what_it_should() {
    let names = attribute_names("<svg x=\"1\"><g onload=\"x()\" xlink:href=\"a\"/></svg>");
    assert!(names.contains("onload") && names.contains("xlink:href") && names.contains("x"));
}
