//! The page is confined (issue 9, "Least privilege"): from the page's own JavaScript, as any
//! script in the webview could, the store plugin is out of reach (`load` with a `..` path or an
//! absolute path, `set`, `save` are refused by the ACL, and no file appears outside the app's
//! data directory); the cart is reachable only through `cart_load` / `cart_save`, which refuse a
//! path-like or oversized value and lose nothing; a valid save reaches the page's badge through
//! the core's `cart-changed` event and survives a restart; the opener opens nothing but https;
//! and the window cannot be navigated or opened away from the app.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use shopdesk_e2e::{serial, App, Harness};

/// Runs each `[name, command, args]` of `arguments[0]` through the page's own IPC, in order,
/// and returns `{ name: { ok } | { err } }`.
const ATTEMPT_ALL: &str = r#"
    const done = arguments[arguments.length - 1];
    const invoke = window.__TAURI_INTERNALS__.invoke;
    const out = {};
    (async () => {
        for (const [name, cmd, args] of arguments[0]) {
            try {
                out[name] = { ok: (await invoke(cmd, args)) ?? null };
            } catch (e) {
                out[name] = { err: typeof e === 'string' ? e : JSON.stringify(e) };
            }
        }
        done(out);
    })();
"#;

async fn attempt_all(app: &App, calls: Value) -> Value {
    app.client()
        .execute_async(ATTEMPT_ALL, vec![calls])
        .await
        .expect("the page's invoke ran")
}

fn refused(results: &Value, name: &str) -> String {
    let r = &results[name];
    assert!(r.get("ok").is_none(), "{name} was allowed: {r}");
    let err = r["err"].as_str().unwrap_or_else(|| panic!("{name}: {r}"));
    println!("[e2e] {name}: refused: {err:.160}");
    err.to_owned()
}

/// Every file below `dir`, except those below `skip`.
fn files_below(dir: &Path, skip: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        if path.starts_with(skip) {
            continue;
        }
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else {
            files.push(path);
        }
    }
    files
}

fn line(id: &str, name: &str, quantity: u32) -> Value {
    json!({ "product_id": id, "name": name, "price": 18.0, "image": "/products/mug-ember.svg", "quantity": quantity })
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_reaches_only_its_cart_and_stays_on_the_app() {
    let _serial = serial().await;
    let harness = Harness::new().expect("harness");
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let tag = format!("{}-{nanos}", std::process::id());
    let data_home = harness.data_home().to_path_buf();
    let app_dir = harness.app_data_dir();
    // Where an escaping store path would land: beside the app data dir, above it, an absolute
    // path in the test's temp dir, and /tmp through a deep `..` chain.
    let beside = data_home.join(format!("escaped-{tag}.json"));
    let absolute = data_home.join(format!("absolute-{tag}.json"));
    let in_tmp = PathBuf::from(format!("/tmp/shopdesk-confinement-{tag}.json"));
    let targets = [
        (format!("../escaped-{tag}.json"), beside.clone()),
        (absolute.display().to_string(), absolute.clone()),
        (
            format!("../../../../../../../../../../tmp/shopdesk-confinement-{tag}.json"),
            in_tmp.clone(),
        ),
    ];

    let app = harness.launch().await.expect("launch");
    app.wait_for("#composer-input").await.expect("the page");

    // 1. The store plugin: every command refused, whatever the path.
    let mut calls = Vec::new();
    for (i, (path, _)) in targets.iter().enumerate() {
        calls.push(json!([format!("load {i}"), "plugin:store|load", { "path": path, "options": { "autoSave": false } }]));
    }
    calls.push(json!(["set", "plugin:store|set", { "rid": 1, "key": "items", "value": [1] }]));
    calls.push(json!(["save", "plugin:store|save", { "rid": 1 }]));
    calls.push(json!(["get", "plugin:store|get", { "rid": 1, "key": "items" }]));
    calls.push(json!(["entries", "plugin:store|entries", { "rid": 1 }]));
    calls.push(json!(["settings file", "plugin:store|load", { "path": "settings.json" }]));
    // The opener: https only (not called here: it would start a browser), nothing else.
    calls.push(json!(["open http", "plugin:opener|open_url", { "url": "http://example.com/" }]));
    calls.push(json!(["open file", "plugin:opener|open_url", { "url": "file:///etc/passwd" }]));
    calls.push(json!(["open path", "plugin:opener|open_path", { "path": "/etc/passwd" }]));
    // ... while the page's own commands still answer.
    calls.push(json!(["settings", "get_settings", {}]));
    calls.push(json!(["cart", "cart_load", {}]));
    let results = attempt_all(&app, Value::Array(calls)).await;
    for i in 0..targets.len() {
        refused(&results, &format!("load {i}"));
    }
    for name in ["set", "save", "get", "entries", "settings file"] {
        let err = refused(&results, name);
        assert!(
            err.contains("not allowed"),
            "{name}: refused by the ACL: {err}"
        );
    }
    for name in ["open http", "open file", "open path"] {
        refused(&results, name);
    }
    assert!(
        results["settings"]["ok"]["provider"].is_string(),
        "get_settings is granted: {}",
        results["settings"]
    );
    assert_eq!(
        results["cart"],
        json!({ "ok": [] }),
        "an empty cart at first"
    );

    // 2. The cart commands: a path-like, a string, an oversized cart, a bad line: all refused,
    //    and the stored cart is what it was.
    let first = json!([line("mug-ember", "Ember Stoneware Mug", 1)]);
    let many: Vec<Value> = (0..201).map(|i| line(&format!("p{i}"), "P", 1)).collect();
    let huge = json!([line("mug-ember", &"x".repeat(70 * 1024), 1)]);
    let results = attempt_all(
        &app,
        json!([
            ["first", "cart_save", { "items": first }],
            ["path-like", "cart_save", { "items": { "path": "../../x.json" } }],
            ["a path string", "cart_save", { "items": format!("../../../../tmp/shopdesk-confinement-{tag}.json") }],
            ["too many lines", "cart_save", { "items": many }],
            ["too many bytes", "cart_save", { "items": huge }],
            ["a bad line", "cart_save", { "items": [line("lamp-aurora", "Aurora Desk Lamp", 0)] }],
            ["after", "cart_load", {}],
        ]),
    )
    .await;
    assert!(results["first"]["ok"].is_array(), "{}", results["first"]);
    for (name, says) in [
        ("path-like", "must be a list"),
        ("a path string", "must be a list"),
        ("too many lines", "201 lines"),
        ("too many bytes", "bytes of JSON"),
        ("a bad line", "invalid quantity 0"),
    ] {
        let err: Value = serde_json::from_str(&refused(&results, name)).expect("{code, message}");
        assert_eq!(err["code"], "invalid_request", "{name}: {err}");
        assert!(
            err["message"].as_str().is_some_and(|m| m.contains(says)),
            "{name}: {err}"
        );
    }
    assert_eq!(
        results["after"]["ok"].as_array().map(Vec::len),
        Some(1),
        "the refused saves lost nothing: {}",
        results["after"]
    );

    // 3. A valid save from outside the page's controller reaches its badge (cart-changed).
    let results = attempt_all(
        &app,
        json!([["three", "cart_save", { "items": [line("mug-ember", "Ember Stoneware Mug", 3)] }]]),
    )
    .await;
    assert!(results["three"]["ok"].is_array(), "{}", results["three"]);
    let started = Instant::now();
    app.wait_for_text("#cart-badge", "3")
        .await
        .expect("the page hears cart-changed");
    println!(
        "[e2e] cart_save → badge: {:.0} ms",
        started.elapsed().as_secs_f64() * 1e3
    );

    // 4. Navigation away is refused; so is a new window.
    let before: String = app
        .eval("return location.href", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned();
    app.eval(
        "setTimeout(() => { window.location = 'https://example.com/'; }, 0); \
         setTimeout(() => { window.open('https://example.com/popup'); }, 50); \
         setTimeout(() => { const a = document.createElement('a'); a.href = 'https://example.com/link'; \
             document.body.appendChild(a); a.click(); a.remove(); }, 100);",
        vec![],
    )
    .await
    .expect("the navigation attempts");
    // Give a navigation ample time to happen if it were allowed (none is expected).
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after = app
        .eval(
            "return [location.href, !!document.querySelector('#composer-input')]",
            vec![],
        )
        .await
        .expect("the page still answers");
    assert_eq!(after, json!([before, true]), "the window stayed on the app");
    assert!(before.starts_with("tauri://localhost"), "{before}");
    let windows = app.client().windows().await.expect("window handles");
    assert_eq!(windows.len(), 1, "no window was opened: {windows:?}");

    app.quit().await.expect("quit");

    // Nothing was written outside the app's data directory.
    for (path, target) in &targets {
        assert!(!target.exists(), "{path} created {}", target.display());
    }
    let outside = files_below(&data_home, &app_dir);
    assert_eq!(
        outside,
        Vec::<PathBuf>::new(),
        "files outside {}",
        app_dir.display()
    );
    let cart: Value =
        serde_json::from_str(&std::fs::read_to_string(app_dir.join("cart.json")).unwrap()).unwrap();
    assert_eq!(
        cart["items"][0]["quantity"], 3,
        "Contract 2 on disk: {cart}"
    );

    // 5. The saved cart survives a restart.
    let app = harness.launch().await.expect("second launch");
    app.wait_for_text("#cart-badge", "3")
        .await
        .expect("the cart survives the restart");
    app.quit().await.expect("quit");
}
