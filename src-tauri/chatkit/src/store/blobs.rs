//! Attachment bytes kept as files in one directory, and the rules every front door applies to them.
//!
//! Why: the HTTP server (`shopdesk-server`, a `PUT` upload) and the desktop app (an IPC command,
//! chunk by chunk) both keep uploaded bytes on disk, and the rules must be the same in both: an
//! id from a request is untrusted, so it must look like one the server makes ([`AttachmentId`]:
//! `atc_` and at most 64 letters, digits, `_` or `-`) before it becomes a file name; an upload is
//! capped at [`MAX_ATTACHMENT_BYTES`]; bytes reach their final name only when complete (a
//! temporary file renamed into place); files are private (`0600`, directory `0700`); a preview
//! is served only for a raster image type ([`is_preview_type`]). The directory never sees a path
//! from a request: the file name is the validated id. The responder reads the same files to show
//! images to a model ([`BlobDir::read`]).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Largest attachment accepted, in bytes (20 MiB).
pub const MAX_ATTACHMENT_BYTES: usize = 20 * 1024 * 1024;

/// Raster image types that may be shown inline (a preview, a model's image input); anything
/// else is a download.
pub const PREVIEW_TYPES: [&str; 5] = [
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/avif",
];

/// Whether `mime_type` (any case) is one of [`PREVIEW_TYPES`].
pub fn is_preview_type(mime_type: &str) -> bool {
    let lower = mime_type.to_ascii_lowercase();
    PREVIEW_TYPES.contains(&lower.as_str())
}

/// An attachment id that is safe as a file name: `atc_` then 1–64 of `[A-Za-z0-9_-]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentId(String);

impl AttachmentId {
    /// `raw` if it has the shape of an id the server makes, else `None`.
    pub fn parse(raw: &str) -> Option<Self> {
        let rest = raw.strip_prefix("atc_")?;
        let ok = !rest.is_empty()
            && rest.len() <= 64
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        ok.then(|| Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a chunk of a chunked upload was refused.
#[derive(Debug, thiserror::Error)]
pub enum ChunkError {
    /// The chunk does not start where the bytes received so far end.
    #[error("this chunk starts at byte {offset}, but {received} bytes were received so far")]
    OutOfOrder { offset: u64, received: u64 },
    /// The chunk would take the upload past its declared size.
    #[error("the upload would be {would_be} bytes, more than the {limit} bytes declared")]
    TooLarge { would_be: u64, limit: u64 },
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Attachment bytes in a directory, one file per attachment id.
#[derive(Debug, Clone)]
pub struct BlobDir {
    dir: PathBuf,
}

impl BlobDir {
    /// The blobs in `dir`, created (`0700`) if missing.
    pub fn open(dir: &Path) -> io::Result<Self> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
        Ok(Self {
            dir: dir.to_path_buf(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The blobs of `owner` (a request's [`crate::StoreScope::owner`]): this directory for an
    /// unscoped request, else `users/<hex of the user id>` under it, created (`0700`) if missing.
    /// Any user id is a safe, distinct file name that way, and one user's id never names another
    /// user's file.
    pub fn for_owner(&self, owner: Option<&str>) -> io::Result<Self> {
        match owner {
            None => Ok(self.clone()),
            Some(user) => {
                let hex: String = user.bytes().map(|b| format!("{b:02x}")).collect();
                Self::open(&self.dir.join("users").join(hex))
            }
        }
    }

    /// Where the complete bytes of `id` live.
    pub fn path(&self, id: &AttachmentId) -> PathBuf {
        self.dir.join(&id.0)
    }

    /// Where a chunked upload of `id` collects its bytes until it is complete.
    fn part_path(&self, id: &AttachmentId) -> PathBuf {
        self.dir.join(format!(".{}.part", id.0))
    }

    /// Stores `bytes` as the blob of `id` at once: a private temporary file renamed into place.
    pub async fn write(&self, id: &AttachmentId, bytes: Vec<u8>) -> io::Result<()> {
        let temp = self
            .dir
            .join(format!(".{}.{}.tmp", id.0, uuid::Uuid::new_v4().simple()));
        let target = self.path(id);
        blocking(move || {
            let result = create_private(&temp, false)
                .and_then(|mut f| f.write_all(&bytes).and_then(|()| f.sync_all()))
                .and_then(|()| std::fs::rename(&temp, &target));
            if result.is_err() {
                let _ = std::fs::remove_file(&temp);
            }
            result
        })
        .await
    }

    /// Appends one chunk of a chunked upload of `id` that will be `declared` bytes in all.
    /// `offset` must be the number of bytes received so far (`0` starts the upload over).
    /// Returns the bytes received so far; when that equals `declared`, call [`Self::finish_chunks`].
    pub async fn append_chunk(
        &self,
        id: &AttachmentId,
        offset: u64,
        declared: u64,
        bytes: Vec<u8>,
    ) -> Result<u64, ChunkError> {
        let part = self.part_path(id);
        blocking(move || {
            let received = if offset == 0 {
                0
            } else {
                match std::fs::metadata(&part) {
                    Ok(m) => m.len(),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => 0,
                    Err(e) => return Err(e.into()),
                }
            };
            if offset != received {
                return Err(ChunkError::OutOfOrder { offset, received });
            }
            let would_be = received + bytes.len() as u64;
            if would_be > declared {
                return Err(ChunkError::TooLarge {
                    would_be,
                    limit: declared,
                });
            }
            let mut file = create_private(&part, offset != 0)?;
            file.write_all(&bytes)?;
            file.sync_all()?;
            Ok(would_be)
        })
        .await
    }

    /// Moves a complete chunked upload of `id` into place.
    pub async fn finish_chunks(&self, id: &AttachmentId) -> io::Result<()> {
        let (part, target) = (self.part_path(id), self.path(id));
        blocking(move || std::fs::rename(part, target)).await
    }

    /// The complete bytes of `id`; `None` when it was never (fully) uploaded.
    pub async fn read(&self, id: &AttachmentId) -> io::Result<Option<Vec<u8>>> {
        let path = self.path(id);
        blocking(move || match std::fs::read(path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        })
        .await
    }

    /// Removes the bytes of `id` (and any unfinished upload); none is not an error.
    pub async fn remove(&self, id: &AttachmentId) -> io::Result<()> {
        let paths = [self.path(id), self.part_path(id)];
        blocking(move || {
            for path in paths {
                match std::fs::remove_file(path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(())
        })
        .await
    }
}

/// A file opened for writing with mode `0600`: appended to, or created empty.
fn create_private(path: &Path, append: bool) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true);
    if append {
        options.append(true);
    } else {
        options.truncate(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Runs file I/O off the async workers.
async fn blocking<T: Send + 'static, E: From<io::Error> + Send + 'static>(
    f: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, E> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| E::from(io::Error::other(e.to_string())))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_server_shaped_ids_become_file_names() {
        assert!(AttachmentId::parse("atc_5ff36680").is_some());
        assert!(AttachmentId::parse("atc_a-b_C9").is_some());
        for bad in [
            "",
            "atc_",
            "5ff36680",
            "atc_../../etc/passwd",
            "atc_a/b",
            "atc_a\\b",
            "atc_a.b",
            "atc_%2e%2e",
            "ATC_abc",
            "atc_ä",
        ] {
            assert!(AttachmentId::parse(bad).is_none(), "{bad:?}");
        }
        assert!(AttachmentId::parse(&format!("atc_{}", "a".repeat(65))).is_none());
    }

    #[test]
    fn preview_types_are_raster_images_only() {
        assert!(is_preview_type("image/PNG"));
        assert!(!is_preview_type("image/svg+xml"));
        assert!(!is_preview_type("text/html"));
    }

    fn temp_dir(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("chatkit-blobs-{name}-{}", uuid::Uuid::new_v4()))
    }

    #[tokio::test]
    async fn chunks_arrive_in_order_within_the_declared_size_and_only_then_count() {
        let dir = temp_dir("chunks");
        let blobs = BlobDir::open(&dir).unwrap();
        let id = AttachmentId::parse("atc_chunks").unwrap();
        assert_eq!(
            blobs.append_chunk(&id, 0, 5, b"ab".to_vec()).await.unwrap(),
            2
        );
        // Not complete yet: nothing readable under the final name.
        assert_eq!(blobs.read(&id).await.unwrap(), None);
        assert!(matches!(
            blobs.append_chunk(&id, 1, 5, b"x".to_vec()).await,
            Err(ChunkError::OutOfOrder {
                offset: 1,
                received: 2
            })
        ));
        assert!(matches!(
            blobs.append_chunk(&id, 2, 5, b"cdef".to_vec()).await,
            Err(ChunkError::TooLarge {
                would_be: 6,
                limit: 5
            })
        ));
        assert_eq!(
            blobs
                .append_chunk(&id, 2, 5, b"cde".to_vec())
                .await
                .unwrap(),
            5
        );
        blobs.finish_chunks(&id).await.unwrap();
        assert_eq!(
            blobs.read(&id).await.unwrap().as_deref(),
            Some(&b"abcde"[..])
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(blobs.path(&id))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        blobs.remove(&id).await.unwrap();
        assert_eq!(blobs.read(&id).await.unwrap(), None);
        blobs.remove(&id).await.unwrap();
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn write_replaces_atomically() {
        let dir = temp_dir("write");
        let blobs = BlobDir::open(&dir).unwrap();
        let id = AttachmentId::parse("atc_w").unwrap();
        blobs.write(&id, b"one".to_vec()).await.unwrap();
        blobs.write(&id, b"two".to_vec()).await.unwrap();
        assert_eq!(blobs.read(&id).await.unwrap().as_deref(), Some(&b"two"[..]));
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        let _ = std::fs::remove_dir_all(dir);
    }
}
