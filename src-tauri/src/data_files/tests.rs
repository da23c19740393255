//! Setting damaged files aside: each kind of damage is moved (never deleted) and a fresh file
//! takes its place with a notice; a healthy file is untouched; names never collide; a move that
//! fails leaves everything where it was and says why.

use super::*;
use chrono::TimeZone;

const STAMP: &str = "20261201T231500Z";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 23, 15, 0).unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn json_files_that_are_not_an_object_are_set_aside_and_replaced() {
    let cases: [(&[u8], &str); 6] = [
        (b"", "it is empty"),
        (b" \n", "it is empty"),
        (b"{\"items\": [", "it is not valid JSON"),
        (b"\xff\xfe garbage", "it is not valid JSON"),
        (b"[1, 2]", "it holds an array instead of a JSON object"),
        (b"null", "it holds null instead of a JSON object"),
    ];
    for (bytes, reason) in cases {
        let dir = tempfile::tempdir().unwrap();
        let cart = dir.path().join("cart.json");
        std::fs::write(&cart, bytes).unwrap();
        let notice = check_json_store(&cart, now())
            .unwrap()
            .unwrap_or_else(|| panic!("{bytes:?} was accepted"));
        assert!(notice.reason.starts_with(reason), "{bytes:?}: {notice:?}");
        let moved = dir.path().join(format!("cart.json.damaged-{STAMP}"));
        assert_eq!(notice.file, cart.display().to_string());
        assert_eq!(notice.moved_to, moved.display().to_string());
        assert_eq!(std::fs::read(&moved).unwrap(), bytes, "kept byte for byte");
        assert_eq!(std::fs::read(&cart).unwrap(), b"{}", "a fresh, empty store");
    }
}

#[test]
fn a_healthy_or_missing_json_file_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let cart = dir.path().join("cart.json");
    let healthy =
        br#"{"items":[{"product_id":"p","name":"P","price":1.0,"image":"/p.svg","quantity":2}]}"#;
    std::fs::write(&cart, healthy).unwrap();
    assert_eq!(check_json_store(&cart, now()).unwrap(), None);
    assert_eq!(std::fs::read(&cart).unwrap(), healthy);
    let settings = dir.path().join("settings.json");
    assert_eq!(check_json_store(&settings, now()).unwrap(), None);
    assert_eq!(std::fs::read(&settings).unwrap(), b"{}", "created, empty");
    assert_eq!(names(dir.path()), ["cart.json", "settings.json"]);
}

#[test]
fn a_json_file_that_cannot_be_read_stops_the_start_and_stays() {
    let dir = tempfile::tempdir().unwrap();
    let cart = dir.path().join("cart.json");
    std::fs::create_dir(&cart).unwrap();
    let err = check_json_store(&cart, now()).unwrap_err();
    assert!(matches!(err, DataFileError::Unreadable { .. }), "{err:?}");
    assert!(err.to_string().starts_with("cannot read "), "{err}");
    assert!(cart.is_dir(), "left where it was");
}

#[test]
fn a_database_is_moved_with_its_companions_and_names_never_collide() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shopdesk.sqlite3");
    let write_set = |tag: &str| {
        std::fs::write(&db, format!("main {tag}")).unwrap();
        std::fs::write(paths::with_suffix(&db, "-wal"), format!("wal {tag}")).unwrap();
        std::fs::write(paths::with_suffix(&db, "-shm"), format!("shm {tag}")).unwrap();
    };
    write_set("1");
    let first = set_aside(&db, "it is not an SQLite database", now()).unwrap();
    // The same second again (a second bad start): a numbered name, nothing overwritten.
    write_set("2");
    let second = set_aside(&db, "again", now()).unwrap();
    // A free main name whose companion name is taken is not free either.
    std::fs::write(
        dir.path()
            .join(format!("shopdesk.sqlite3.damaged-{STAMP}-3-wal")),
        "stray",
    )
    .unwrap();
    std::fs::write(&db, "main 3").unwrap();
    let third = set_aside(&db, "third", now()).unwrap();
    let base = format!("shopdesk.sqlite3.damaged-{STAMP}");
    assert!(first.moved_to.ends_with(&base), "{first:?}");
    assert!(
        second.moved_to.ends_with(&format!("{base}-2")),
        "{second:?}"
    );
    assert!(third.moved_to.ends_with(&format!("{base}-4")), "{third:?}");
    assert_eq!(
        names(dir.path()),
        [
            base.clone(),
            format!("{base}-2"),
            format!("{base}-2-shm"),
            format!("{base}-2-wal"),
            format!("{base}-3-wal"),
            format!("{base}-4"),
            format!("{base}-shm"),
            format!("{base}-wal"),
        ]
    );
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert_eq!(read(&base), "main 1");
    assert_eq!(read(&format!("{base}-wal")), "wal 1");
    assert_eq!(read(&format!("{base}-2-shm")), "shm 2");
    assert_eq!(read(&format!("{base}-3-wal")), "stray");
    assert_eq!(read(&format!("{base}-4")), "main 3");
}

#[test]
fn a_failed_move_changes_nothing_and_says_why() {
    // A real failure that root cannot bypass either: the new name is longer than a file name
    // may be (255 bytes). 229 + ".damaged-<stamp>" (25) = 254 fits for the main file, but its
    // "-wal" (258) does not, so the main move is made and must be undone.
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("d".repeat(229));
    let wal = paths::with_suffix(&long, "-wal");
    std::fs::write(&long, "main").unwrap();
    std::fs::write(&wal, "wal").unwrap();
    let err = set_aside(&long, "it is not an SQLite database", now()).unwrap_err();
    let DataFileError::NotMoved { path, source, .. } = &err else {
        panic!("expected NotMoved, got {err:?}");
    };
    assert_eq!(path, &long);
    let message = err.to_string();
    assert!(
        message.contains("cannot be used (it is not an SQLite database)")
            && message.contains("could not be moved aside")
            && message.contains("Nothing was changed"),
        "{message}"
    );
    assert!(
        source.to_string().contains("-wal"),
        "names the failed move: {source}"
    );
    assert_eq!(
        std::fs::read_to_string(&long).unwrap(),
        "main",
        "moved back"
    );
    assert_eq!(std::fs::read_to_string(&wal).unwrap(), "wal");
    assert_eq!(names(dir.path()).len(), 2, "{:?}", names(dir.path()));
    // Too long for the main file already: nothing moves at all.
    let longer = dir.path().join("e".repeat(240));
    std::fs::write(&longer, "x").unwrap();
    assert!(set_aside(&longer, "r", now()).is_err());
    assert_eq!(std::fs::read_to_string(&longer).unwrap(), "x");
}

#[cfg(unix)]
#[test]
fn prepare_dir_makes_an_old_install_private_and_sets_aside_damaged_stores() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode = |name: &str| {
        std::fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    for (name, bytes) in [
        ("cart.json", &b"{\"items\":[]}"[..]),
        ("settings.json", b"not json"),
        ("shopdesk.sqlite3", b""),
        ("shopdesk.sqlite3-wal", b""),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let notices = prepare_dir(dir.path(), now()).unwrap();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].file.ends_with("settings.json"));
    let moved = format!("settings.json.damaged-{STAMP}");
    for name in [
        "cart.json",
        "settings.json",
        "shopdesk.sqlite3",
        "shopdesk.sqlite3-wal",
        &moved,
    ] {
        assert_eq!(mode(name), 0o600, "{name}");
    }
    assert_eq!(
        std::fs::read(dir.path().join("cart.json")).unwrap(),
        b"{\"items\":[]}"
    );
}
