//! Every Lucide icon by component name, in a chunk of its own that `iconMap.ts` loads on demand.
//! Why: `lucide:<name>` may name any of Lucide's icons, but bundling them all made the page's
//! first script 1.16 MB; this module is only ever imported dynamically, so they stay out of it.

export { icons as lucideIcons } from "lucide-react";
