//! Whose data a request may touch: the [`StoreScope`] every store consults on every call.
//!
//! Why: one ChatKit server can serve many people (the HTTP server with a tokens file or a
//! trusted proxy header). Isolation must not depend on each request handler remembering to
//! check an owner — so the stores themselves scope every read, list, write and delete to the
//! owner the request context names, and a row of another owner is simply not there
//! ([`crate::errors::StoreError::NotFound`], an empty page), which never leaks that it exists.
//!
//! Rules every store follows:
//! * `owner() == None` is the single-user case (the desktop app, a server with no users
//!   configured): nothing is filtered, and rows are stored without an owner (an update of a
//!   row that has one keeps it).
//! * `owner() == Some(u)`: new threads and attachments are stored as owned by `u`; loads, lists,
//!   updates and deletes see only rows owned by `u`; items are reached through their thread, so
//!   an item of a thread `u` does not own is not found, and adding one to such a thread fails
//!   with `NotFound` instead of attaching it.
//! * Saving a thread or attachment whose id exists under another owner fails with `NotFound`
//!   (it never takes the row over).
//! * Unowned rows (stored unscoped, or before a store had owners) belong to no user: only
//!   unscoped requests see them.
//! * "Not there" looks exactly like an unknown id: the same error with the id the caller gave,
//!   an empty item page (`InvalidCursor` for a cursor inside it), a no-op delete.
//!
//! The isolation tests (`tests/chatkit/isolation.rs`, and over HTTP
//! `src-tauri/server/tests/isolation.rs`) hold every store to these rules.

/// The owner a request context acts for, as seen by the stores.
pub trait StoreScope {
    /// The user id every store operation of this request is scoped to; `None` = unscoped.
    fn owner(&self) -> Option<&str>;
}

/// The desktop app's context: one user, nothing to scope.
impl StoreScope for () {
    fn owner(&self) -> Option<&str> {
        None
    }
}

/// A context that is nothing but the user id (the simplest multi-user context an embedder can
/// build from a request): every row is scoped to it.
impl StoreScope for String {
    fn owner(&self) -> Option<&str> {
        Some(self)
    }
}
