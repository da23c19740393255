//! The thread's item views live in `ui/src/items/` (one file per item kind); this name stays for
//! the modules that import it.

export { ItemView, type ItemViewProps } from "../items/ItemView";
