//! The cart tools that run in the page: `cart_add`, `cart_set_quantity`, `cart_remove` and
//! `cart_clear` — their names, descriptions and JSON schemas, and the checks the core makes
//! before a call reaches the page (docs/ARCHITECTURE.md, Contract 4).
//!
//! Why they are client tools: the cart belongs to the page (Contract 2, design decision 4): the
//! page holds it in memory and saves it through `cart_save`, and the Add to Cart buttons change
//! it without any ChatKit request. For "add the aurora lamp to my cart" to change that same cart,
//! the assistant's cart tools must run there too. So the agent loop does not run them: it checks
//! the model's arguments here ([`ClientTool::prepare`]: the product is in the catalog and can be
//! bought, the quantity is a whole number in range), adds what the page needs to build a cart
//! line (`name`, `price`, `image` from the catalog — the page has no catalog), and emits a pending
//! `client_tool_call` item, which ends the response. The page runs the tool through its cart
//! controller (`ui/src/cart/clientCartTools.ts`) and answers with
//! `threads.add_client_tool_output`; the model then reads that answer as the call's result
//! (`assistant/history.rs`) and continues the turn.
//!
//! A call the core refuses (unknown product, bad quantity) never reaches the page: the model gets
//! `{"error": "…"}` as the result, like a failing server tool, and can correct itself.

use super::{non_blank, parse_args, ClientTool, ToolContext, ToolError};
use crate::cart::{CartLine, MAX_QUANTITY};
use crate::catalog::CatalogError;
use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// `cart_add {product_id, quantity?}`: adds units of a product (default 1).
pub const CART_ADD: &str = "cart_add";
/// `cart_set_quantity {product_id, quantity}`: sets a product's quantity; 0 removes it.
pub const CART_SET_QUANTITY: &str = "cart_set_quantity";
/// `cart_remove {product_id}`: takes a product out of the cart.
pub const CART_REMOVE: &str = "cart_remove";
/// `cart_clear {}`: empties the cart.
pub const CART_CLEAR: &str = "cart_clear";

/// One of the four cart tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CartTool {
    Add,
    SetQuantity,
    Remove,
    Clear,
}

impl CartTool {
    /// Every cart tool, in the order they are offered to the model.
    pub const ALL: [CartTool; 4] = [
        CartTool::Add,
        CartTool::SetQuantity,
        CartTool::Remove,
        CartTool::Clear,
    ];

    /// The tool called `name`, if it is a cart tool.
    pub fn from_name(name: &str) -> Option<CartTool> {
        CartTool::ALL.into_iter().find(|t| t.tool_name() == name)
    }

    fn tool_name(self) -> &'static str {
        match self {
            CartTool::Add => CART_ADD,
            CartTool::SetQuantity => CART_SET_QUANTITY,
            CartTool::Remove => CART_REMOVE,
            CartTool::Clear => CART_CLEAR,
        }
    }
}

/// The model's arguments, before they are checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Args {
    #[serde(default)]
    product_id: Option<String>,
    #[serde(default)]
    quantity: Option<Value>,
}

const PRODUCT_ID: &str = "The product's id from the catalog, e.g. \"lamp-aurora\" (ids appear in tool results and in the Add to Cart actions of widgets shown).";

/// A tool description followed by what every cart tool returns.
macro_rules! with_result {
    ($what:literal) => {
        concat!(
            $what,
            " The result is the cart after the change, {\"items\": [{product_id, name, price, image, quantity}]}, or {\"error\": \"…\"} when the cart could not be changed."
        )
    };
}

#[async_trait]
impl ClientTool for CartTool {
    fn name(&self) -> &'static str {
        self.tool_name()
    }

    fn description(&self) -> &'static str {
        match self {
            CartTool::Add => with_result!("Add a product to the user's shopping cart; it runs in the user's app, like pressing Add to Cart. Use it when the user asks to add or buy something."),
            CartTool::SetQuantity => with_result!("Set how many units of a product are in the user's cart (\"make it two\"); quantity 0 removes it. Adds the product if it is not in the cart yet."),
            CartTool::Remove => with_result!("Remove a product from the user's cart."),
            CartTool::Clear => with_result!("Empty the user's whole cart. Only call it when the user clearly asked to empty or clear the cart."),
        }
    }

    fn parameters(&self) -> Value {
        let product_id = json!({"type": "string", "description": PRODUCT_ID});
        match self {
            CartTool::Add => json!({
                "type": "object",
                "properties": {
                    "product_id": product_id,
                    "quantity": {"type": "integer", "minimum": 1, "maximum": MAX_QUANTITY, "description": "How many units to add (default 1)."}
                },
                "required": ["product_id"],
                "additionalProperties": false
            }),
            CartTool::SetQuantity => json!({
                "type": "object",
                "properties": {
                    "product_id": product_id,
                    "quantity": {"type": "integer", "minimum": 0, "maximum": MAX_QUANTITY, "description": "The new number of units; 0 removes the product."}
                },
                "required": ["product_id", "quantity"],
                "additionalProperties": false
            }),
            CartTool::Remove => json!({
                "type": "object",
                "properties": {"product_id": product_id},
                "required": ["product_id"],
                "additionalProperties": false
            }),
            CartTool::Clear => {
                json!({"type": "object", "properties": {}, "additionalProperties": false})
            }
        }
    }

    async fn prepare(&self, args: Value, ctx: &mut ToolContext<'_>) -> Result<Value, ToolError> {
        let args: Args = parse_args(args)?;
        let product_id = non_blank(args.product_id);
        if *self == CartTool::Clear {
            if product_id.is_some() || args.quantity.is_some() {
                return Err(ToolError::InvalidArguments(
                    "cart_clear takes no arguments".into(),
                ));
            }
            return Ok(json!({}));
        }
        let product_id = product_id.ok_or_else(|| {
            ToolError::InvalidArguments("`product_id` is required (a catalog id)".into())
        })?;
        let quantity = match self {
            CartTool::Add => Some(quantity(args.quantity, 1)?.unwrap_or(1)),
            CartTool::SetQuantity => Some(quantity(args.quantity, 0)?.ok_or_else(|| {
                ToolError::InvalidArguments("`quantity` is required (0 removes the product)".into())
            })?),
            _ => {
                if args.quantity.is_some() {
                    return Err(ToolError::InvalidArguments(
                        "cart_remove takes only `product_id`".into(),
                    ));
                }
                None
            }
        };
        let line = product_line(&product_id, *self, ctx).await?;
        let adds = matches!(quantity, Some(q) if q > 0);
        if adds && !line.in_stock && !line.in_cart {
            return Err(ToolError::InvalidArguments(format!(
                "{} ({}) is out of stock and cannot be added to the cart",
                line.name, line.product_id
            )));
        }
        let mut out = Map::new();
        out.insert("product_id".into(), json!(line.product_id));
        if let Some(q) = quantity {
            out.insert("quantity".into(), json!(q));
        }
        out.insert("name".into(), json!(line.name));
        out.insert("price".into(), json!(line.price));
        out.insert("image".into(), json!(line.image));
        Ok(Value::Object(out))
    }
}

/// What the page needs to know about the product a call names.
struct ProductLine {
    product_id: String,
    name: String,
    price: f64,
    image: String,
    in_stock: bool,
    in_cart: bool,
}

/// The product `id` names: from the catalog (ids are matched leniently, like `show_product`),
/// or — to change or remove a line the catalog no longer has — from the cart itself.
async fn product_line(
    id: &str,
    tool: CartTool,
    ctx: &ToolContext<'_>,
) -> Result<ProductLine, ToolError> {
    let lines = ctx.cart().lines().await;
    let in_cart = |pid: &str| -> Option<CartLine> {
        lines
            .as_ref()
            .ok()
            .and_then(|ls| ls.iter().find(|l| l.product_id == pid).cloned())
    };
    match ctx.catalog().get(id) {
        Ok(p) => Ok(ProductLine {
            product_id: p.id.clone(),
            name: p.name.clone(),
            price: p.price,
            image: p.image.clone(),
            in_stock: p.in_stock,
            in_cart: in_cart(&p.id).is_some(),
        }),
        Err(e @ CatalogError::NotFound { .. }) => match in_cart(id) {
            Some(l) if tool != CartTool::Add => Ok(ProductLine {
                product_id: l.product_id,
                name: l.name,
                price: l.price,
                image: l.image,
                in_stock: false,
                in_cart: true,
            }),
            _ => Err(e.into()),
        },
        Err(e) => Err(e.into()),
    }
}

/// A quantity argument: absent, or a whole number from `min` to [`MAX_QUANTITY`] (a JSON number
/// such as `2` or `2.0`, or a string holding one, as some models send).
fn quantity(value: Option<Value>, min: u32) -> Result<Option<u32>, ToolError> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let number = match &value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    let whole = number.filter(|n| n.is_finite() && n.fract() == 0.0);
    match whole {
        Some(n) if n >= f64::from(min) && n <= f64::from(MAX_QUANTITY) => Ok(Some(n as u32)),
        Some(n) if n > f64::from(MAX_QUANTITY) => Err(ToolError::InvalidArguments(format!(
            "`quantity` {n} is over the limit of {MAX_QUANTITY} units of one product"
        ))),
        _ => Err(ToolError::InvalidArguments(format!(
            "`quantity` must be a whole number from {min} to {MAX_QUANTITY}, not {value}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_schemas_are_objects() {
        for tool in CartTool::ALL {
            assert_eq!(CartTool::from_name(tool.name()), Some(tool));
            let schema = tool.parameters();
            assert_eq!(schema["type"], "object");
            assert_eq!(schema["additionalProperties"], false);
            assert!(tool
                .description()
                .contains("The result is the cart after the change"));
        }
        assert_eq!(CartTool::from_name("show_products"), None);
        assert_eq!(
            CartTool::Add.parameters()["properties"]["quantity"]["maximum"],
            MAX_QUANTITY
        );
    }

    #[test]
    fn quantities_are_whole_numbers_in_range() {
        assert_eq!(quantity(None, 1).unwrap(), None);
        assert_eq!(quantity(Some(Value::Null), 1).unwrap(), None);
        assert_eq!(quantity(Some(json!(2)), 1).unwrap(), Some(2));
        assert_eq!(quantity(Some(json!(2.0)), 1).unwrap(), Some(2));
        assert_eq!(quantity(Some(json!(" 3 ")), 1).unwrap(), Some(3));
        assert_eq!(quantity(Some(json!(0)), 0).unwrap(), Some(0));
        assert_eq!(quantity(Some(json!(99)), 1).unwrap(), Some(99));
        for bad in [
            json!(0),
            json!(-1),
            json!(1.5),
            json!("two"),
            json!([1]),
            json!(true),
        ] {
            assert!(quantity(Some(bad.clone()), 1).is_err(), "{bad}");
        }
        let over = quantity(Some(json!(100)), 1).unwrap_err().to_string();
        assert!(over.contains("over the limit of 99"), "{over}");
    }
}
