//! The offline model's words to the shopper: help, small talk, questions, and the one or two
//! sentences after a tool has shown something.
//!
//! A tool's widget already shows the products, so the reply after it is short and says what a
//! person would add: how many were found, the cheapest or best rated, what changed in the cart,
//! the main difference in a comparison, or — when nothing matched — what was searched and
//! what is nearest.

use serde_json::Value;

use super::smalltalk::SmallTalk;
use super::tool_names;
use crate::catalog::format_usd;

pub const HELP: &str = "I'm Shopdesk's offline assistant. I can show you products (\"Show me products\", \"headphones under $150\", \"the cheapest lamp\", \"best rated kitchen stuff\"), show one product (\"show me the Aurora lamp\"), compare products (\"compare the two lamps\"), change your cart (\"add the second one\", \"make it two\", \"remove the lamp\", \"empty my cart\") and show what's in it (\"what's in my cart?\").";

/// The question before `cart_clear`; "yes" after a reply starting with this empties the cart.
pub const CLEAR_QUESTION_START: &str = "Empty your cart";

/// A brief answer to small talk.
pub fn small_talk(kind: SmallTalk) -> String {
    match kind {
        SmallTalk::Greeting => "Hi! What are you shopping for today? Try \"Show me products\", or name something, like \"headphones under $150\".".into(),
        SmallTalk::Thanks => "You're welcome! Anything else I can find for you?".into(),
        SmallTalk::Goodbye => "Goodbye, and happy shopping!".into(),
        SmallTalk::HowAreYou => "I'm doing well, thanks! What can I find for you?".into(),
        SmallTalk::Help => HELP.into(),
        SmallTalk::Yes => "Okay! What would you like to see? Try \"show me products\".".into(),
        SmallTalk::No => "No problem. Let me know if you need anything else.".into(),
    }
}

/// "Empty your cart (3 items)?"
pub fn clear_question(units: u64) -> String {
    format!(
        "{CLEAR_QUESTION_START} ({})? Say \"yes\" to remove everything.",
        plural(units, "item", "items")
    )
}

/// "3 items", "one item".
pub fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("one {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A short reply about the tool results of this turn (`results` in call order, each with the
/// tool's name and its output).
pub fn after_tools(results: &[(Option<String>, String)]) -> String {
    let sentences: Vec<String> = results
        .iter()
        .map(|(tool, output)| after_one(tool.as_deref(), output))
        .collect();
    if sentences.is_empty() {
        HELP.to_string()
    } else {
        sentences.join(" ")
    }
}

fn after_one(tool: Option<&str>, output: &str) -> String {
    let v: Value = serde_json::from_str(output).unwrap_or(Value::Null);
    if let Some(error) = v.get("error").and_then(Value::as_str) {
        return format!("Sorry, that didn't work: {error}");
    }
    let n = |key: &str| v.get(key).and_then(Value::as_u64);
    let text = |key: &str| v.get(key).and_then(Value::as_str);
    match tool {
        Some(tool_names::SHOW_PRODUCT) => match v.pointer("/shown/name").and_then(Value::as_str) {
            Some(name) => {
                let price = v.pointer("/shown/price").and_then(Value::as_f64);
                let stock = v.pointer("/shown/in_stock").and_then(Value::as_bool);
                let mut s = format!("Here's the {name}");
                if let Some(p) = price {
                    s.push_str(&format!(" at {}", format_usd(p)));
                }
                s.push('.');
                s.push_str(match stock {
                    Some(false) => " It's out of stock right now.",
                    _ => " Press Add to Cart if you like it.",
                });
                s
            }
            None => "Here's one of our favourites. Press Add to Cart if you like it.".into(),
        },
        Some(tool_names::SHOW_PRODUCTS) => match n("shown") {
            Some(0) => {
                let base = text("message")
                    .unwrap_or("Nothing matched that.")
                    .to_string();
                if v.get("nearest")
                    .and_then(Value::as_array)
                    .is_some_and(|a| !a.is_empty())
                {
                    format!("{base} Want me to show one of those?")
                } else {
                    format!("{base} Try one of those, or \"show me products\".")
                }
            }
            Some(count) => format!(
                "Here {} {}. Press Add to Cart on anything you like.",
                if count == 1 { "is" } else { "are" },
                plural(count, "product", "products")
            ),
            None => text("message")
                .unwrap_or("Here's what I found. Press Add to Cart on anything you like.")
                .to_string(),
        },
        Some(tool_names::SEARCH_CATALOG) => {
            let query = text("query").unwrap_or("that");
            let results = v
                .get("results")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if results.is_empty() {
                return format!("I couldn't find anything matching \"{query}\". Try another word, or ask me to show you products.");
            }
            let top: Vec<String> = results.iter().take(3).filter_map(name_and_price).collect();
            format!(
                "I found {} for \"{query}\": {}.",
                plural(results.len() as u64, "match", "matches"),
                top.join(", ")
            )
        }
        Some(tool_names::COMPARE_PRODUCTS) => comparison_sentence(&v),
        Some(tool_names::VIEW_CART) => {
            if v.get("empty").and_then(Value::as_bool) == Some(true) {
                return "Your cart is empty. Ask me to show you products to get started.".into();
            }
            match (n("units"), v.get("total").and_then(Value::as_f64)) {
                (Some(units), Some(total)) => format!(
                    "You have {} in your cart, {} in total.",
                    plural(units, "item", "items"),
                    format_usd(total)
                ),
                _ => "That's what's in your cart right now.".into(),
            }
        }
        Some(name) if name.starts_with("cart_") => cart_sentence(name, &v),
        _ => text("summary")
            .or_else(|| text("message"))
            .unwrap_or("Done.")
            .to_string(),
    }
}

fn name_and_price(r: &Value) -> Option<String> {
    let name = r.get("name")?.as_str()?;
    Some(match r.get("price").and_then(Value::as_f64) {
        Some(price) => format!("{name} ({})", format_usd(price)),
        None => name.to_string(),
    })
}

/// "The Aurora Desk Lamp is the cheaper one ($49.99); the Dune Mushroom Lamp is better rated."
fn comparison_sentence(v: &Value) -> String {
    let compared = v
        .get("compared")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let with = |note: &str| {
        compared.iter().find(|p| {
            p.get("differences")
                .and_then(Value::as_array)
                .is_some_and(|d| d.iter().any(|n| n.as_str() == Some(note)))
        })
    };
    let name = |p: &Value| {
        p.get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let mut parts = Vec::new();
    if let (Some(cheap), Some(best)) = (with("Lowest price"), with("Best rated")) {
        if cheap.get("id") == best.get("id") {
            return format!(
                "Side by side: the {} is both the cheapest ({}) and the best rated.",
                name(cheap),
                format_usd(cheap.get("price").and_then(Value::as_f64).unwrap_or(0.0))
            );
        }
    }
    if let Some(p) = with("Lowest price") {
        parts.push(format!(
            "the {} is the cheapest ({})",
            name(p),
            format_usd(p.get("price").and_then(Value::as_f64).unwrap_or(0.0))
        ));
    }
    if let Some(p) = with("Best rated") {
        parts.push(format!("the {} is the best rated", name(p)));
    }
    if parts.is_empty() {
        "Here they are side by side.".into()
    } else {
        let mut s = format!("Side by side: {}.", parts.join(", and "));
        if let Some(first) = s.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        s
    }
}

/// What changed in the cart, and what it holds now.
fn cart_sentence(tool: &str, v: &Value) -> String {
    let items = v
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let units: u64 = items
        .iter()
        .filter_map(|i| i.get("quantity").and_then(Value::as_u64))
        .sum();
    let total: f64 = items
        .iter()
        .map(|i| {
            i.get("price").and_then(Value::as_f64).unwrap_or(0.0)
                * i.get("quantity").and_then(Value::as_f64).unwrap_or(0.0)
        })
        .sum();
    let now = if items.is_empty() {
        "Your cart is now empty.".to_string()
    } else {
        format!(
            "Your cart now has {}, {} in total.",
            plural(units, "item", "items"),
            format_usd(total)
        )
    };
    let product = v.get("product").and_then(Value::as_str);
    let done = match (tool, product) {
        (tool_names::CART_ADD, Some(p)) => format!("Added the {p} to your cart."),
        (tool_names::CART_ADD, None) => "Added to your cart.".to_string(),
        (tool_names::CART_REMOVE, Some(p)) => format!("Removed the {p} from your cart."),
        (tool_names::CART_REMOVE, None) => "Removed from your cart.".to_string(),
        (tool_names::CART_SET_QUANTITY, Some(p)) => format!("Updated the {p}."),
        (tool_names::CART_SET_QUANTITY, None) => "Updated the quantity.".to_string(),
        _ => "Done.".to_string(),
    };
    format!("{done} {now}")
}

/// What the offline model says first when the question came with attachments: it names them
/// (it can read names and types, never the contents). `None` without attachments.
pub fn attachments_received(attachments: &[crate::model::ModelAttachment]) -> Option<String> {
    if attachments.is_empty() {
        return None;
    }
    let names: Vec<String> = attachments
        .iter()
        .take(5)
        .map(|a| format!("\"{}\"", a.name.chars().take(80).collect::<String>()))
        .collect();
    let more = attachments.len().saturating_sub(names.len());
    let list = if more > 0 {
        format!("{} and {more} more", names.join(", "))
    } else {
        names.join(", ")
    };
    let all_images = attachments.iter().all(|a| a.is_image);
    let what = match (attachments.len(), all_images) {
        (1, true) => "your image",
        (1, false) => "your file",
        (_, true) => "your images",
        _ => "your attachments",
    };
    Some(format!(
        "I received {what} {list}. The offline assistant can't look inside attachments, so tell me what you're looking for."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cart_changes_are_told_with_the_new_total() {
        let out = r#"{"items":[{"product_id":"lamp-aurora","name":"Aurora Desk Lamp","price":49.99,"image":"x","quantity":2}]}"#;
        assert_eq!(
            after_tools(&[(Some("cart_add".into()), out.into())]),
            "Added to your cart. Your cart now has 2 items, $99.98 in total."
        );
        let named = r#"{"items":[],"product":"Aurora Desk Lamp"}"#;
        assert_eq!(
            after_tools(&[(Some("cart_remove".into()), named.into())]),
            "Removed the Aurora Desk Lamp from your cart. Your cart is now empty."
        );
        assert_eq!(
            after_tools(&[(Some("cart_clear".into()), r#"{"items":[]}"#.into())]),
            "Done. Your cart is now empty."
        );
        assert!(after_tools(&[(
            Some("cart_remove".into()),
            r#"{"error":"not in the cart"}"#.into()
        )])
        .contains("not in the cart"));
    }

    #[test]
    fn clear_question_is_recognised() {
        assert!(clear_question(3).starts_with(CLEAR_QUESTION_START));
        assert!(clear_question(3).contains("(3 items)"));
    }
}
