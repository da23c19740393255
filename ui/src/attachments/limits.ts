//! What the composer accepts as an attachment, and the message it gives for what it refuses.
//! Why: one rule for the picker, drag-and-drop and paste, checked before anything is uploaded, so a
//! refused file costs no request and the user reads why at once. The core enforces its own cap
//! (20 MiB, `chatkit::store::blobs::MAX_ATTACHMENT_BYTES`, Contract 9); this page cap is the same.

/** Largest file, in bytes (the core's cap). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** Most attachments on one message. */
export const MAX_ATTACHMENTS = 8;

/** Image types shown as a preview (raster only: an SVG can carry script). */
export const IMAGE_TYPES: readonly string[] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/** Other file types the assistant is sent by name and type. */
export const FILE_TYPES: readonly string[] = ["application/pdf", "text/plain", "text/markdown", "text/csv", "application/json"];

/** For the picker's `accept`. */
export const ACCEPT = [...IMAGE_TYPES, ...FILE_TYPES].join(",");

/** The type to use for `file`: its own, else one guessed from a known extension. */
export function mimeTypeOf(file: { name: string; type: string }): string {
  if (file.type) return file.type.toLowerCase();
  const ext = file.name.toLowerCase().split(".").pop() ?? "";
  const byExt: Record<string, string> = { md: "text/markdown", txt: "text/plain", csv: "text/csv", json: "application/json", pdf: "application/pdf" };
  return byExt[ext] ?? "";
}

export function isImageType(mime: string): boolean {
  return IMAGE_TYPES.includes(mime.toLowerCase());
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** Why `file` cannot be attached next to `count` others, or null when it can. */
export function refusal(file: { name: string; type: string; size: number }, count: number): string | null {
  const mime = mimeTypeOf(file);
  if (count >= MAX_ATTACHMENTS) return `At most ${MAX_ATTACHMENTS} attachments per message.`;
  if (!IMAGE_TYPES.includes(mime) && !FILE_TYPES.includes(mime)) {
    return `"${file.name}" cannot be attached: only PNG, JPEG, GIF and WebP images, PDF, text, Markdown, CSV and JSON files.`;
  }
  if (file.size === 0) return `"${file.name}" is empty.`;
  if (file.size > MAX_ATTACHMENT_BYTES) {
    return `"${file.name}" is ${megabytes(file.size)}; the limit is ${megabytes(MAX_ATTACHMENT_BYTES)}.`;
  }
  return null;
}
