//! The cart as the Rust side sees it (Contract 2 in docs/ARCHITECTURE.md).
//!
//! The page owns the cart: it writes `cart.json` / key `items` in `tauri-plugin-store` when the
//! user clicks **Add to Cart**. Rust only reads it (for `view_cart`) and turns a checkout
//! request into an order. Reading goes through the [`CartSource`] trait so the tools stay free
//! of Tauri: the app implements it over the plugin store, tests use [`MemoryCart`].
//!
//! Everything that arrives from the page (stored lines, checkout payloads) is untrusted: lines
//! are validated, and an order is always re-priced from the catalog.

use crate::catalog::{format_usd, Catalog};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Mutex;

/// Most units of one product a single order may hold.
pub const MAX_QUANTITY: u32 = 99;

/// One line of the cart, exactly as the page stores it:
/// `{ product_id, name, price, image, quantity }`. Deserializing goes through [`parse_line`],
/// the one rule for a line, so no other way of building a line from JSON can be laxer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Value")]
pub struct CartLine {
    pub product_id: String,
    pub name: String,
    /// Unit price in US dollars.
    pub price: f64,
    pub image: String,
    pub quantity: u32,
}

impl CartLine {
    /// `price × quantity`.
    pub fn subtotal(&self) -> f64 {
        self.price * f64::from(self.quantity)
    }
}

impl TryFrom<Value> for CartLine {
    type Error = CartError;

    fn try_from(value: Value) -> Result<Self, CartError> {
        parse_line(&value)
    }
}

/// Sum of the lines' subtotals, rounded to cents.
pub fn cart_total(lines: &[CartLine]) -> f64 {
    round_cents(lines.iter().map(CartLine::subtotal).sum())
}

/// Total number of units in the cart.
pub fn cart_units(lines: &[CartLine]) -> u32 {
    lines.iter().map(|l| l.quantity).sum()
}

fn round_cents(amount: f64) -> f64 {
    (amount * 100.0).round() / 100.0
}

/// Why the cart could not be read or an order could not be placed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CartError {
    /// The cart store could not be read (file unreadable, plugin error …).
    #[error("the cart could not be read: {0}")]
    Unavailable(String),
    /// The stored cart or a checkout payload does not have the Contract 2 shape.
    #[error("malformed cart: {0}")]
    Malformed(String),
    /// Checkout was asked for with no line.
    #[error("the cart is empty")]
    Empty,
    /// A line names a product the catalog does not have.
    #[error("the cart holds an unknown product {0:?}")]
    UnknownProduct(String),
    /// A line's quantity is 0 or above [`MAX_QUANTITY`].
    #[error("invalid quantity {quantity} for {product_id:?} (1 to {MAX_QUANTITY})")]
    InvalidQuantity { product_id: String, quantity: u64 },
}

/// Read access to the user's cart.
#[async_trait]
pub trait CartSource: Send + Sync {
    /// The current lines, in the order the page keeps them.
    async fn lines(&self) -> Result<Vec<CartLine>, CartError>;
}

/// Most lines one cart may hold (`cart_save` refuses more; Contract 2).
pub const MAX_LINES: usize = 200;

/// The one rule for a cart line (Contract 2), shared by every reader of the cart; the page's
/// `ui/src/cart/cartModel.ts` (`parseLine`) mirrors it, and `tests/fixtures/cart_lines.json`
/// holds the cases both sides are tested against.
///
/// A line is an object with `product_id` a non-empty string, `name` a string, `price` a finite
/// number ≥ 0, `image` a string (absent: `""`) and `quantity` a whole number from 1 to
/// [`MAX_QUANTITY`]. Other fields are ignored. Anything else is an error saying which field.
pub fn parse_line(value: &Value) -> Result<CartLine, CartError> {
    let obj = value.as_object().ok_or_else(|| {
        CartError::Malformed(format!("a line must be an object, got {}", kind(value)))
    })?;
    let text = |field: &str| -> Result<String, CartError> {
        obj.get(field)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| CartError::Malformed(format!("`{field}` must be a string")))
    };
    let product_id = text("product_id")?;
    if product_id.is_empty() {
        return Err(CartError::Malformed(
            "`product_id` must not be empty".into(),
        ));
    }
    let name = text("name")?;
    let price = obj
        .get("price")
        .and_then(Value::as_f64)
        .filter(|p| p.is_finite() && *p >= 0.0)
        .ok_or_else(|| CartError::Malformed("`price` must be a non-negative number".into()))?;
    let image = match obj.get("image") {
        None => String::new(),
        Some(_) => text("image")?,
    };
    let quantity = obj
        .get("quantity")
        .and_then(Value::as_f64)
        .filter(|q| q.fract() == 0.0 && *q >= 0.0)
        .ok_or_else(|| {
            CartError::Malformed("`quantity` must be a whole number from 1 to 99".into())
        })?;
    if !(1.0..=f64::from(MAX_QUANTITY)).contains(&quantity) {
        return Err(CartError::InvalidQuantity {
            product_id,
            quantity: quantity.min(u64::MAX as f64) as u64,
        });
    }
    Ok(CartLine {
        product_id,
        name,
        price,
        image,
        quantity: quantity as u32,
    })
}

/// Adds `line` to `lines`: a product already there gets the quantities added (capped at
/// [`MAX_QUANTITY`]) and keeps its first position and fields.
fn merge(lines: &mut Vec<CartLine>, line: CartLine) {
    match lines.iter_mut().find(|l| l.product_id == line.product_id) {
        Some(existing) => existing.quantity = (existing.quantity + line.quantity).min(MAX_QUANTITY),
        None => lines.push(line),
    }
}

/// Reads a stored cart (`items`) the way the page does: every line that breaks
/// [`parse_line`] is dropped with a warning, never the whole cart; a value that is not a list
/// at all is an empty cart (with a warning); `null`/absent is an empty cart.
pub fn read_lines(value: &Value) -> Vec<CartLine> {
    let items = match value {
        Value::Null => return Vec::new(),
        Value::Array(items) => items,
        other => {
            tracing::warn!(
                "cart: the stored cart is {}, not a list of lines; showing an empty cart",
                kind(other)
            );
            return Vec::new();
        }
    };
    let mut lines = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match parse_line(item) {
            Ok(line) => merge(&mut lines, line),
            Err(e) => tracing::warn!("cart: dropping stored line {i}: {e}"),
        }
    }
    lines
}

/// Parses lines that must all be valid (a checkout payload, a cart the page saves): the same
/// rule as [`read_lines`], but a bad line is an error naming it instead of being dropped.
/// `null` is an empty cart; duplicates merge as in [`read_lines`].
pub fn parse_lines(value: &Value) -> Result<Vec<CartLine>, CartError> {
    let items = match value {
        Value::Null => return Ok(Vec::new()),
        Value::Array(items) => items,
        other => {
            return Err(CartError::Malformed(format!(
                "expected an array of lines, got {}",
                kind(other)
            )))
        }
    };
    let mut lines: Vec<CartLine> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let line = parse_line(item).map_err(|e| match e {
            CartError::Malformed(m) => CartError::Malformed(format!("line {i}: {m}")),
            other => other,
        })?;
        merge(&mut lines, line);
    }
    Ok(lines)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Key of the request `metadata` under which a page that keeps its own cart (the browser, in
/// server mode) sends the cart's lines with every ChatKit request (Contract 4 in
/// docs/ARCHITECTURE.md): `metadata: {"shopdesk_cart": [CartLine, …]}`.
pub const CART_METADATA_KEY: &str = "shopdesk_cart";

/// The cart as the page sent it with one request (server mode, Contract 4). A request context
/// of exactly this type is what the tools read the cart from instead of the [`ToolEnv`]'s cart
/// (`ToolEnv::context`), so `view_cart` shows what the user sees in that page.
///
/// [`ToolEnv`]: crate::tools::ToolEnv
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageCart {
    lines: Vec<CartLine>,
}

impl PageCart {
    /// The cart of a request's `metadata`, read by the stored-cart rule ([`read_lines`]): an
    /// absent key or `null` is an empty cart, a bad line is dropped with a warning, a value that
    /// is not a list is an empty cart. More than [`MAX_LINES`] lines is refused, as `cart_save`
    /// refuses it, rather than read in part.
    pub fn from_metadata(metadata: &serde_json::Map<String, Value>) -> Result<Self, CartError> {
        let value = metadata.get(CART_METADATA_KEY).unwrap_or(&Value::Null);
        if let Value::Array(items) = value {
            if items.len() > MAX_LINES {
                return Err(CartError::Malformed(format!(
                    "the cart has {} lines, more than the {MAX_LINES} allowed",
                    items.len()
                )));
            }
        }
        Ok(PageCart {
            lines: read_lines(value),
        })
    }

    /// The lines, in the page's order (duplicates merged).
    pub fn lines(&self) -> &[CartLine] {
        &self.lines
    }
}

/// A bare page cart names no user: the stores see an unscoped request (a server with no users;
/// with users the context is [`crate::request_context::ShopContext`]).
impl chatkit::StoreScope for PageCart {
    fn owner(&self) -> Option<&str> {
        None
    }
}

#[async_trait]
impl CartSource for PageCart {
    async fn lines(&self) -> Result<Vec<CartLine>, CartError> {
        Ok(self.lines.clone())
    }
}

/// A cart kept in memory: for tests, and for a session without a store.
#[derive(Debug, Default)]
pub struct MemoryCart {
    lines: Mutex<Vec<CartLine>>,
}

impl MemoryCart {
    pub fn new(lines: Vec<CartLine>) -> Self {
        MemoryCart {
            lines: Mutex::new(lines),
        }
    }

    /// Adds one unit of a product the way the page's `cart.add` handler does.
    pub fn add(&self, product_id: &str, name: &str, price: f64, image: &str) {
        let mut lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
        match lines.iter_mut().find(|l| l.product_id == product_id) {
            Some(line) => line.quantity = (line.quantity + 1).min(MAX_QUANTITY),
            None => lines.push(CartLine {
                product_id: product_id.to_owned(),
                name: name.to_owned(),
                price,
                image: image.to_owned(),
                quantity: 1,
            }),
        }
    }

    /// Empties the cart.
    pub fn clear(&self) {
        self.lines.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

#[async_trait]
impl CartSource for MemoryCart {
    async fn lines(&self) -> Result<Vec<CartLine>, CartError> {
        Ok(self.lines.lock().unwrap_or_else(|e| e.into_inner()).clone())
    }
}

/// One priced line of a placed order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrderLine {
    pub product_id: String,
    pub name: String,
    pub unit_price: f64,
    pub quantity: u32,
    pub subtotal: f64,
}

/// A placed order (no payment is taken: Shopdesk is a demo shop).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Order {
    /// Human-readable order number, e.g. `SD-7K2Q9M`.
    pub number: String,
    pub lines: Vec<OrderLine>,
    pub total: f64,
    /// Lines whose client-side price differed from the catalog (re-priced), by product id.
    pub repriced: Vec<String>,
}

impl Order {
    /// Builds an order from cart lines, pricing every line from the catalog (the page's prices
    /// are only compared, never trusted).
    pub fn place(
        number: String,
        lines: &[CartLine],
        catalog: &Catalog,
    ) -> Result<Order, CartError> {
        if lines.is_empty() {
            return Err(CartError::Empty);
        }
        let mut out = Vec::with_capacity(lines.len());
        let mut repriced = Vec::new();
        for line in lines {
            if line.quantity == 0 || line.quantity > MAX_QUANTITY {
                return Err(CartError::InvalidQuantity {
                    product_id: line.product_id.clone(),
                    quantity: u64::from(line.quantity),
                });
            }
            let product = catalog
                .find(&line.product_id)
                .ok_or_else(|| CartError::UnknownProduct(line.product_id.clone()))?;
            if (product.price - line.price).abs() >= 0.005 {
                repriced.push(product.id.clone());
            }
            out.push(OrderLine {
                product_id: product.id.clone(),
                name: product.name.clone(),
                unit_price: product.price,
                quantity: line.quantity,
                subtotal: round_cents(product.price * f64::from(line.quantity)),
            });
        }
        let total = round_cents(out.iter().map(|l| l.subtotal).sum());
        Ok(Order {
            number,
            lines: out,
            total,
            repriced,
        })
    }

    /// `3 items · $147.97`
    pub fn summary(&self) -> String {
        let units: u32 = self.lines.iter().map(|l| l.quantity).sum();
        format!(
            "{units} item{} · {}",
            if units == 1 { "" } else { "s" },
            format_usd(self.total)
        )
    }
}

/// Makes an order number from a seed (e.g. the current time in nanoseconds): `SD-` and six
/// characters of an unambiguous alphabet (no 0/O, 1/I).
pub fn order_number(seed: u64) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    // SplitMix64 finaliser: nearby seeds give unrelated-looking numbers.
    let mut x = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    let mut s = String::from("SD-");
    for _ in 0..6 {
        s.push(ALPHABET[(x % 32) as usize] as char);
        x /= 32;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_contract_two_lines_and_merges_duplicates() {
        let v = json!([
            {"product_id": "mug-ember", "name": "Ember Stoneware Mug", "price": 18.0, "image": "/products/mug-ember.svg", "quantity": 2},
            {"product_id": "lamp-aurora", "name": "Aurora Desk Lamp", "price": 49.99, "image": "/products/lamp-aurora.svg", "quantity": 1.0},
            {"product_id": "mug-ember", "name": "Ember Stoneware Mug", "price": 18.0, "image": "/products/mug-ember.svg", "quantity": 1}
        ]);
        let lines = parse_lines(&v).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].quantity, 3);
        assert_eq!(lines[1].quantity, 1);
        assert_eq!(cart_total(&lines), 103.99);
        assert_eq!(cart_units(&lines), 4);
        assert_eq!(parse_lines(&Value::Null).unwrap(), vec![]);
    }

    #[test]
    fn rejects_malformed_lines_with_typed_errors() {
        assert!(matches!(
            parse_lines(&json!({"a": 1})),
            Err(CartError::Malformed(_))
        ));
        assert!(matches!(
            parse_lines(&json!([1])),
            Err(CartError::Malformed(_))
        ));
        let no_price = json!([{"product_id": "x", "name": "X", "image": "", "quantity": 1}]);
        assert!(
            matches!(parse_lines(&no_price), Err(CartError::Malformed(m)) if m.contains("price"))
        );
        let zero =
            json!([{"product_id": "x", "name": "X", "price": 1, "image": "", "quantity": 0}]);
        assert!(matches!(
            parse_lines(&zero),
            Err(CartError::InvalidQuantity { quantity: 0, .. })
        ));
        let half =
            json!([{"product_id": "x", "name": "X", "price": 1, "image": "", "quantity": 1.5}]);
        assert!(matches!(parse_lines(&half), Err(CartError::Malformed(_))));
        let negative =
            json!([{"product_id": "x", "name": "X", "price": -1, "image": "", "quantity": 1}]);
        assert!(matches!(
            parse_lines(&negative),
            Err(CartError::Malformed(_))
        ));
    }

    /// The shared table of Contract 2 cases: the page's vitest reads the same file.
    const SHARED_CASES: &str = include_str!("../tests/fixtures/cart_lines.json");

    #[test]
    fn the_shared_cart_line_cases_hold_in_the_core() {
        let cases: Value = serde_json::from_str(SHARED_CASES).unwrap();
        let lines = cases["lines"].as_array().unwrap();
        assert!(lines.len() >= 20, "the table lost its cases");
        for case in lines {
            let name = case["name"].as_str().unwrap();
            let parsed = parse_line(&case["line"]);
            let via_serde = serde_json::from_value::<CartLine>(case["line"].clone());
            match &case["expect"] {
                Value::Null => {
                    assert!(parsed.is_err(), "{name}: kept {parsed:?}");
                    assert!(via_serde.is_err(), "{name}: the deserializer is laxer");
                    assert_eq!(read_lines(&json!([case["line"]])), vec![], "{name}");
                }
                expect => {
                    let line = parsed.unwrap_or_else(|e| panic!("{name}: dropped: {e}"));
                    assert_eq!(
                        as_floats(serde_json::to_value(&line).unwrap()),
                        as_floats(expect.clone()),
                        "{name}"
                    );
                    assert_eq!(via_serde.unwrap(), line, "{name}");
                    assert_eq!(read_lines(&json!([case["line"]])), vec![line], "{name}");
                }
            }
        }
        for case in cases["carts"].as_array().unwrap() {
            let name = case["name"].as_str().unwrap();
            let read = serde_json::to_value(read_lines(&case["items"])).unwrap();
            assert_eq!(as_floats(read), as_floats(case["expect"].clone()), "{name}");
        }
    }

    /// Every number as an f64, so `18` and `18.0` compare equal (JSON does not tell them apart).
    fn as_floats(v: Value) -> Value {
        match v {
            Value::Number(n) => json!(n.as_f64().unwrap()),
            Value::Array(a) => Value::Array(a.into_iter().map(as_floats).collect()),
            Value::Object(o) => {
                Value::Object(o.into_iter().map(|(k, v)| (k, as_floats(v))).collect())
            }
            other => other,
        }
    }

    #[test]
    fn strict_parsing_names_the_bad_line_that_reading_drops() {
        let items = json!([
            {"product_id": "a", "name": "A", "price": 1, "image": "", "quantity": 1},
            {"product_id": "b", "name": "B", "price": "1", "image": "", "quantity": 1}
        ]);
        assert_eq!(read_lines(&items).len(), 1);
        let err = parse_lines(&items).unwrap_err();
        assert_eq!(
            err,
            CartError::Malformed("line 1: `price` must be a non-negative number".into())
        );
    }

    #[test]
    fn order_numbers_look_right_and_differ() {
        let a = order_number(1);
        let b = order_number(2);
        assert_ne!(a, b);
        assert_eq!(a.len(), 9);
        assert!(a.starts_with("SD-"));
        assert!(a[3..]
            .chars()
            .all(|c| c.is_ascii_uppercase() || ('2'..='9').contains(&c)));
        assert_eq!(order_number(1), a, "deterministic for a seed");
    }

    #[test]
    fn orders_are_priced_from_the_catalog() {
        let catalog = Catalog::bundled();
        let lines = vec![
            CartLine {
                product_id: "mug-ember".into(),
                name: "Mug".into(),
                price: 0.01,
                image: String::new(),
                quantity: 2,
            },
            CartLine {
                product_id: "lamp-aurora".into(),
                name: "Lamp".into(),
                price: 49.99,
                image: String::new(),
                quantity: 1,
            },
        ];
        let order = Order::place("SD-TEST01".into(), &lines, &catalog).unwrap();
        assert_eq!(order.total, 85.99);
        assert_eq!(order.lines[0].name, "Ember Stoneware Mug");
        assert_eq!(order.repriced, vec!["mug-ember".to_string()]);
        assert_eq!(order.summary(), "3 items · $85.99");
        let unknown = vec![CartLine {
            product_id: "nope".into(),
            name: "N".into(),
            price: 1.0,
            image: String::new(),
            quantity: 1,
        }];
        assert_eq!(
            Order::place("x".into(), &unknown, &catalog).unwrap_err(),
            CartError::UnknownProduct("nope".into())
        );
        assert_eq!(
            Order::place("x".into(), &[], &catalog).unwrap_err(),
            CartError::Empty
        );
    }

    #[tokio::test]
    async fn memory_cart_adds_like_the_page() {
        let cart = MemoryCart::default();
        cart.add(
            "mug-ember",
            "Ember Stoneware Mug",
            18.0,
            "/products/mug-ember.svg",
        );
        cart.add(
            "mug-ember",
            "Ember Stoneware Mug",
            18.0,
            "/products/mug-ember.svg",
        );
        let lines = cart.lines().await.unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].quantity, 2);
        cart.clear();
        assert!(cart.lines().await.unwrap().is_empty());
    }
}
