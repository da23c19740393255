//! The shop's request context in server mode ([`ShopContext`]): who is asking and what their
//! page's cart holds.
//!
//! Why a type of its own: over HTTP one server answers many people. The stores scope every
//! thread, item and attachment to the request's user (`chatkit::StoreScope`, docs/ARCHITECTURE.md
//! Contract 6), and the tools read the cart the page sent with the request (Contract 4), so both
//! travel together as the context of `ChatKitServer<ShopContext>`.

use crate::cart::PageCart;
use chatkit::StoreScope;

/// One request's user (`None` = a server with no users configured: unscoped) and page cart.
#[derive(Debug, Clone, Default)]
pub struct ShopContext {
    /// The user every store operation of this request is scoped to.
    pub user: Option<String>,
    /// The cart the page sent in `metadata.shopdesk_cart`.
    pub cart: PageCart,
}

impl StoreScope for ShopContext {
    fn owner(&self) -> Option<&str> {
        self.user.as_deref()
    }
}
