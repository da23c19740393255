//! Widgets: builders, root validation, `.widget` templates and the streaming diff.
//! (Skeleton: filled in by the widgets work; see docs/ARCHITECTURE.md.)
pub mod diff;
