//! The shop server's request context ([`PageCart`], Contract 4) as seen by the stores: it names
//! no user, so every store operation is unscoped (`chatkit::store::scope`), as before users
//! existed. Needed because the PostgreSQL store scopes by `StoreScope`; a server with users
//! replaces this context with one that names its user.

use crate::cart::PageCart;

impl chatkit::StoreScope for PageCart {
    fn owner(&self) -> Option<&str> {
        None
    }
}
