//! The widget gallery: every widget tree of the vendored fixture catalogue
//! (`src-tauri/chatkit/tests/fixtures/widgets/` and `upstream-widgets/`, recorded from the
//! reference SDK) plus one fixture per component the built-in renderer added
//! (`ui/src/widgets/gallery/`: Chart, Table, Card.border, every form control, loading states,
//! Transition, themed roots), rendered by the real app, with no unknown-component placeholder
//! and one screenshot per widget (`$SHOPDESK_SCREENSHOT_DIR/gallery/`, else a temp dir).
//!
//! How the widgets get in: the test writes them, before the app starts, into the app's own
//! SQLite database as one saved conversation — through the same `chatkit::store::SqliteStore`
//! the app opens — and then opens that conversation from the history, like a user. The app
//! reads it with `items.list` and renders it as any conversation it saved itself. Nothing in the
//! app is added for the test: no test route, no test model, nothing page script could reach.
//!
//! It also checks, in the real webview, what only a browser does: a Form's native validation
//! blocks its action until a required field is filled, and a chart's SVG has bars and lines.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chatkit::store::sqlite::SqliteStore;
use chatkit::store::Store;
use chatkit::types::{ThreadItem, ThreadMetadata, WidgetItem};
use chatkit::Timestamp;
use fantoccini::elements::Element;
use serde_json::{json, Value};
use shopdesk_e2e::session::default_timeout;
use shopdesk_e2e::{serial, App, Harness};

const THREAD_ID: &str = "thr_widget_gallery";
const THREAD_TITLE: &str = "Widget gallery";
const ROOTS: [&str; 3] = ["Card", "ListView", "Basic"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `(name, widget root)` for every JSON file of `dir` (sorted); a file holding a list gives one
/// entry per element; a component that is not a root is wrapped in a `Basic`, so it is drawn too.
fn widgets_in(dir: &Path, prefix: &str) -> Vec<(String, Value)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".json") && !name.ends_with(".data.json") && name != "cases.json"
        })
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let trees = match value {
            Value::Array(list) => list,
            one => vec![one],
        };
        let many = trees.len() > 1;
        for (i, tree) in trees.into_iter().enumerate() {
            let name = if many {
                format!("{prefix}{stem}-{i}")
            } else {
                format!("{prefix}{stem}")
            };
            let is_root = ROOTS.contains(&tree["type"].as_str().unwrap_or(""));
            let root = if is_root {
                tree
            } else {
                json!({"type": "Basic", "children": [tree]})
            };
            out.push((name, root));
        }
    }
    out
}

/// The gallery's widgets, in the order they are shown.
fn catalogue() -> Vec<(String, Value)> {
    let fixtures = repo().join("src-tauri/chatkit/tests/fixtures");
    let mut all = widgets_in(&fixtures.join("widgets"), "fixture-");
    all.extend(widgets_in(&fixtures.join("upstream-widgets"), "upstream-"));
    all.extend(widgets_in(&repo().join("ui/src/widgets/gallery"), "added-"));
    all
}

/// Writes the catalogue as one conversation into the app's database (created here first).
async fn seed(database: &Path, widgets: &[(String, Value)]) {
    let store = SqliteStore::open(database).expect("create the app's database");
    let mut thread = ThreadMetadata::new(THREAD_ID, Timestamp::now());
    thread.title = Some(THREAD_TITLE.to_owned());
    Store::<()>::save_thread(&store, &thread, &())
        .await
        .expect("save the thread");
    for (i, (name, widget)) in widgets.iter().enumerate() {
        let item = ThreadItem::Widget(WidgetItem {
            id: format!("msg_gallery_{i:03}"),
            thread_id: THREAD_ID.to_owned(),
            created_at: Timestamp::now(),
            widget: widget.clone(),
            copy_text: Some(name.clone()),
        });
        Store::<()>::add_thread_item(&store, THREAD_ID, &item, &())
            .await
            .unwrap_or_else(|e| panic!("save {name}: {e}"));
    }
}

fn shot_dir() -> (PathBuf, Option<tempfile::TempDir>) {
    match std::env::var_os("SHOPDESK_SCREENSHOT_DIR") {
        Some(dir) => (PathBuf::from(dir).join("gallery"), None),
        None => {
            let tmp = tempfile::Builder::new()
                .prefix("shopdesk-gallery-")
                .tempdir()
                .unwrap();
            (tmp.path().to_owned(), Some(tmp))
        }
    }
}

/// The `(x, y, width, height)` CSS-pixel rectangle of a window screenshot (`png`), cut out as a PNG
/// of its own; `scale` is screenshot pixels per CSS pixel. Clamped to the image.
fn crop(png_bytes: &[u8], rect: [f64; 4], scale: f64) -> Vec<u8> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("its size")];
    let info = reader.next_frame(&mut buf).expect("its pixels");
    let bpp = info.line_size / info.width as usize;
    let px = |v: f64, max: u32| ((v * scale).round().max(0.0) as u32).min(max);
    let (x0, y0) = (px(rect[0], info.width), px(rect[1], info.height));
    let (x1, y1) = (
        px(rect[0] + rect[2], info.width),
        px(rect[1] + rect[3], info.height),
    );
    let (w, h) = ((x1 - x0).max(1), (y1 - y0).max(1));
    let mut out = Vec::with_capacity((w * h) as usize * bpp);
    for row in y0..y0 + h {
        let start = row.min(info.height - 1) as usize * info.line_size + x0 as usize * bpp;
        out.extend_from_slice(&buf[start..start + w as usize * bpp]);
    }
    let mut png_out = Vec::new();
    let mut encoder = png::Encoder::new(&mut png_out, w, h);
    encoder.set_color(info.color_type);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("header");
    writer.write_image_data(&out).expect("pixels");
    writer.finish().expect("end");
    png_out
}

/// A screenshot of one widget item: scrolled to the middle of the thread, painted (two animation
/// frames), the window captured, and the widget's box cut out. WebKitWebDriver's own element
/// screenshot is not used: inside the thread's scroller it captures the wrong region. If the
/// widget moved while the window was captured (a late layout), it is taken again.
async fn widget_shot(app: &App, name: &str, element: &Element, dir: &Path) -> Vec<u8> {
    let el = serde_json::to_value(element).unwrap();
    let rect_js = "const el = arguments[0].querySelector('.widget') || arguments[0];
        const r = el.getBoundingClientRect();
        return [r.left - 4, r.top - 4, r.width + 8, r.height + 8, window.innerWidth];";
    for _attempt in 0..10 {
        // Scrolled on every attempt: the thread keeps itself pinned to its end while it lays
        // out, which can undo a scroll made just before.
        app.eval(
            "arguments[0].scrollIntoView({ block: 'center', behavior: 'instant' });
             return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));",
            vec![el.clone()],
        )
        .await
        .unwrap();
        let before: [f64; 5] =
            serde_json::from_value(app.eval(rect_js, vec![el.clone()]).await.unwrap()).unwrap();
        if before[1] + 4.0 < 0.0 {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            continue;
        }
        let window = app.client().screenshot().await.expect("window screenshot");
        let after: [f64; 5] =
            serde_json::from_value(app.eval(rect_js, vec![el.clone()]).await.unwrap()).unwrap();
        if before != after {
            continue;
        }
        let width = u32::from_be_bytes(window[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(window[20..24].try_into().unwrap());
        let r = after;
        let png = crop(&window, [r[0], r[1], r[2], r[3]], f64::from(width) / r[4]);
        if png.len() <= 600 {
            std::fs::write(dir.join(format!("{name}-window.png")), &window).unwrap();
            panic!(
                "{name}: an empty screenshot ({} bytes; widget at {r:?} in a {width}x{height} window)",
                png.len()
            );
        }
        return png;
    }
    panic!("{name} kept moving while it was captured");
}

async fn count(app: &App, css: &str) -> u64 {
    app.eval(
        "return document.querySelectorAll(arguments[0]).length;",
        vec![json!(css)],
    )
    .await
    .expect("count")
    .as_u64()
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_widget_of_the_catalogue_renders_in_the_app_with_a_screenshot_each() {
    let _serial = serial().await;
    let started = Instant::now();
    let widgets = catalogue();
    assert!(widgets.len() >= 20, "the catalogue: {}", widgets.len());
    for added in [
        "Chart",
        "Table",
        "Table.Row",
        "Table.Cell",
        "Transition",
        "Form",
    ] {
        assert!(
            widgets
                .iter()
                .any(|(_, w)| w.to_string().contains(&format!("\"type\":\"{added}\""))),
            "a fixture with {added}"
        );
    }
    let harness = Harness::new().expect("harness");
    std::fs::create_dir_all(harness.app_data_dir()).unwrap();
    seed(&harness.app_data_dir().join("shopdesk.sqlite3"), &widgets).await;
    let app = harness.launch().await.expect("app");

    let open = app
        .wait_for(&format!(
            ".history-item[data-thread-id='{THREAD_ID}'] .history-open"
        ))
        .await
        .expect("the gallery conversation in the history");
    open.click().await.expect("open the gallery");
    let item_css = ".thread-item[data-item-type='widget']";
    let n = widgets.len() as u64;
    app.wait_until(&format!("{n} widget items"), default_timeout(), async |c| {
        let got = c
            .execute(
                "return document.querySelectorAll(arguments[0]).length;",
                vec![json!(item_css)],
            )
            .await?;
        Ok((got.as_u64() == Some(n)).then_some(()))
    })
    .await
    .expect("every widget item shown");
    let opened = started.elapsed();

    // Charts lay out once mounted: one SVG per chart, with bars and lines in it.
    let charts = widgets
        .iter()
        .map(|(_, w)| w.to_string().matches("\"type\":\"Chart\"").count() as u64)
        .sum::<u64>();
    app.wait_until(
        &format!("{charts} chart SVGs"),
        default_timeout(),
        async |c| {
            let got = c
                .execute(
                    "return document.querySelectorAll('.w-chart-host svg').length;",
                    vec![],
                )
                .await?;
            Ok((got.as_u64() == Some(charts)).then_some(()))
        },
    )
    .await
    .unwrap_or_else(|e| {
        panic!("the charts drawn: {e}");
    });
    assert!(count(&app, ".w-chart .ct-bar").await >= 16, "bars drawn");
    assert!(count(&app, ".w-chart .ct-line").await >= 3, "lines drawn");
    // The series colours reach the SVG under the app's CSP (which refuses `style` attributes):
    // each chart's first bar has its legend swatch's colour.
    let colours = app
        .eval(
            "return [...document.querySelectorAll('.w-chart')].filter((c) => c.querySelector('.ct-bar')).map((c) =>
                [getComputedStyle(c.querySelector('.ct-bar')).stroke, getComputedStyle(c.querySelector('.w-chart-swatch')).backgroundColor]);",
            vec![],
        )
        .await
        .expect("bar colours");
    let colours: Vec<(String, String)> = serde_json::from_value(colours).unwrap();
    assert_eq!(colours.len(), 2, "{colours:?}");
    for (bar, swatch) in &colours {
        assert_eq!(bar, swatch, "a bar drawn in its series' colour");
    }

    // A Button's `color` is drawn: `info` and `discovery` are not the default primary.
    let fills = app
        .eval(
            "return ['auto', 'self', 'container'].map((label) => [...document.querySelectorAll('.w-button')]
                .find((b) => b.textContent.trim() === label)).map((b) => getComputedStyle(b).backgroundColor);",
            vec![],
        )
        .await
        .expect("button colours");
    let fills: Vec<String> = serde_json::from_value(fills).unwrap();
    assert!(
        fills[0] != fills[1] && fills[0] != fills[2] && fills[1] != fills[2],
        "primary, info and discovery buttons: {fills:?}"
    );

    // No component fell back to the unknown placeholder, and no tree failed.
    let unknown = app
        .eval(
            "return [...document.querySelectorAll('.thread .w-unknown, .thread .w-unknown-container, .thread .w-failed, .w-unknown, .w-unknown-container, .w-failed')]
                .map((e) => e.dataset.widgetType || e.textContent);",
            vec![],
        )
        .await
        .expect("placeholders");
    assert_eq!(unknown, json!([]), "components without a renderer");

    // One screenshot per widget: the window, with the widget scrolled to the middle of the
    // thread, cut to the widget's own box.
    let (dir, _keep) = shot_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let items = app.find_all(item_css).await.expect("the items");
    assert_eq!(items.len() as u64, n);
    let mut sizes = Vec::new();
    for ((name, _), element) in widgets.iter().zip(&items) {
        let png = widget_shot(&app, name, element, &dir).await;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, &png).unwrap();
        sizes.push(png.len());
    }
    println!(
        "[gallery] {} widgets, {} charts; opened in {:.1} s; {} screenshots ({} KiB) in {}",
        n,
        charts,
        opened.as_secs_f64(),
        sizes.len(),
        sizes.iter().sum::<usize>() / 1024,
        dir.display()
    );

    // A Form in the real webview: native validation blocks the submit while a required field
    // is empty (the form's action never reaches the page's router, so no request is logged).
    let place = app
        .wait_for(".thread-item[data-item-type='widget'] form.w-form button[type='submit']")
        .await
        .expect("the form's submit button");
    app.click_in_view(&place).await.expect("click Place order");
    let invalid = app
        .eval(
            "return [...document.querySelectorAll('form.w-form :invalid')].map((e) => e.name);",
            vec![],
        )
        .await
        .expect("invalid fields");
    assert_eq!(
        invalid,
        json!(["order.name", "terms"]),
        "the required fields block it"
    );
    app.screenshot("gallery-form-blocked").await.expect("shot");
    app.quit().await.expect("quit");
    println!(
        "[gallery] whole test in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
