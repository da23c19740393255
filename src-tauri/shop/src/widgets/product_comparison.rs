//! The product comparison: two to four products side by side, differences highlighted.
//!
//! Built only from components the built-in renderer draws (`Card`, `Row`, `Col`, `Image`,
//! `Title`, `Text`, `Caption`, `Badge`, `Divider`, `Button`; it has no `Table`): one column per
//! product with its picture, price, rating, stock and key features, and badges on what sets a
//! product apart — the lowest price, the best rating, out of stock, and the features only it
//! has. Each column keeps its **Add to Cart** button, so "add the cheaper one" has a target.

use super::{rating_label, small_add_to_cart, stock_badge};
use crate::catalog::Product;
use chatkit::widgets::{Badge, Caption, Card, Col, Divider, Image, Row, Text, Title};
use serde_json::Value;

/// How the note on the features only one product has begins.
const ONLY_THIS_ONE: &str = "Only this one:";

/// The key features of a product, as the comparison lists them.
pub fn key_features(product: &Product) -> Vec<String> {
    product.features.clone()
}

/// What sets each product apart from the others, in words ("Lowest price", "Best rated",
/// "Only one with: dimmable"), in the products' order.
pub fn differences(products: &[&Product]) -> Vec<Vec<String>> {
    let lowest = products
        .iter()
        .map(|p| p.price)
        .fold(f64::INFINITY, f64::min);
    let highest = products.iter().map(|p| p.price).fold(0.0, f64::max);
    let best = products.iter().map(|p| p.rating).fold(0.0, f32::max);
    let worst = products.iter().map(|p| p.rating).fold(5.0, f32::min);
    products
        .iter()
        .map(|p| {
            let mut notes = Vec::new();
            if (highest - lowest).abs() > 0.005 && (p.price - lowest).abs() < 0.005 {
                notes.push("Lowest price".to_string());
            }
            if (best - worst).abs() > 0.05 && (p.rating - best).abs() < 0.05 {
                notes.push("Best rated".to_string());
            }
            let only = unique_features(p, products);
            if !only.is_empty() {
                notes.push(format!("{ONLY_THIS_ONE} {}", only.join(", ")));
            }
            notes
        })
        .collect()
}

/// The features of `product` that none of the other `products` has.
fn unique_features(product: &Product, products: &[&Product]) -> Vec<String> {
    key_features(product)
        .into_iter()
        .filter(|f| {
            products
                .iter()
                .filter(|o| o.id != product.id)
                .all(|o| !key_features(o).contains(f))
        })
        .collect()
}

/// The comparison card for `products` (the caller checks there are at least two).
pub fn product_comparison(products: &[&Product]) -> Value {
    let notes = differences(products);
    let title = products
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(" vs ");
    Card::new()
        .key("comparison")
        .child(Title::new(title).size("sm"))
        .child(Divider::new())
        .child(
            Row::new()
                .children(
                    products
                        .iter()
                        .zip(&notes)
                        .map(|(p, notes)| column(p, notes, products)),
                )
                .align("start")
                .gap(4),
        )
        .size("lg")
        .into_value()
}

fn column(product: &Product, notes: &[String], products: &[&Product]) -> Col {
    // The note above names the features only this product has; the caption lists the rest.
    let unique = unique_features(product, products);
    let shared: Vec<String> = key_features(product)
        .into_iter()
        .filter(|f| !unique.contains(f))
        .collect();
    let caption = match (shared.is_empty(), unique.is_empty()) {
        (true, _) => None,
        (false, true) => Some(format!("Features: {}", shared.join(", "))),
        (false, false) => Some(format!("Also: {}", shared.join(", "))),
    };
    let stock = stock_badge(product);
    let add = small_add_to_cart(product);
    Col::new()
        .key(product.id.as_str())
        .child(
            Image::new(product.image.as_str())
                .alt(product.name.as_str())
                .fit("cover")
                .radius("md")
                .height(120),
        )
        .child(Title::new(product.name.as_str()).size("sm"))
        .child(
            Text::new(product.price_label())
                .size("lg")
                .weight("semibold"),
        )
        .child(
            Row::new()
                .child(
                    Badge::new(rating_label(product.rating))
                        .color("warning")
                        .variant("outline"),
                )
                .child(stock)
                .gap(2),
        )
        .children(
            notes
                .iter()
                .filter(|n| !n.starts_with(ONLY_THIS_ONE))
                .map(|n| Badge::new(n.as_str()).color("info").variant("soft")),
        )
        // The features only this product has: text that wraps, not a badge that would overflow.
        .children(
            notes
                .iter()
                .filter(|n| n.starts_with(ONLY_THIS_ONE))
                .map(|n| {
                    Text::new(n.as_str())
                        .size("sm")
                        .weight("medium")
                        .color("info")
                }),
        )
        .children(caption.map(Caption::new))
        .child(add)
        .flex(1)
        .gap(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn differences_name_the_cheaper_and_the_better_rated() {
        let catalog = Catalog::bundled();
        let a = catalog.find("lamp-aurora").unwrap();
        let b = catalog.find("lamp-dune").unwrap();
        let (cheap, dear) = if a.price < b.price { (a, b) } else { (b, a) };
        let notes = differences(&[cheap, dear]);
        assert!(notes[0].contains(&"Lowest price".to_string()), "{notes:?}");
        assert!(!notes[1].contains(&"Lowest price".to_string()), "{notes:?}");
        let best = if a.rating >= b.rating { 0 } else { 1 };
        let pair = if best == 0 { [a, b] } else { [b, a] };
        assert!(differences(&pair)[0].contains(&"Best rated".to_string()));
    }

    #[test]
    fn one_column_per_product_with_its_add_button() {
        let catalog = Catalog::bundled();
        let products: Vec<&Product> = catalog.all().iter().take(3).collect();
        let widget = product_comparison(&products);
        let columns = widget["children"][2]["children"].as_array().unwrap();
        assert_eq!(columns.len(), 3);
        for (column, product) in columns.iter().zip(&products) {
            assert_eq!(column["key"], product.id.as_str());
            assert!(column.to_string().contains(&product.price_label()));
        }
    }

    #[test]
    fn each_feature_is_named_once_per_column() {
        let catalog = Catalog::bundled();
        let a = catalog.find("lamp-aurora").unwrap();
        let b = catalog.find("lamp-dune").unwrap();
        let widget = product_comparison(&[a, b]).to_string();
        for feature in a.features.iter().chain(&b.features) {
            assert_eq!(
                widget.matches(feature.as_str()).count(),
                1,
                "{feature}: {widget}"
            );
        }
    }
}
