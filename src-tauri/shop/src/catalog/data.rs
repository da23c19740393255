//! The shop's bundled product list: the offline, always-available catalog.
//!
//! It lives in code (not in a JSON file read at run time) so it cannot go missing from an
//! installed app and so that a typo in a field is a compile error. Every `id` has a matching
//! hand-drawn illustration at `ui/public/products/<id>.svg`.

use super::product::{Category, Product};

/// The id of the product the shop puts forward when the user just says "show me a product".
pub const FEATURED_ID: &str = "lamp-aurora";

struct Row {
    id: &'static str,
    name: &'static str,
    price: f64,
    category: Category,
    description: &'static str,
    rating: f32,
    tags: &'static [&'static str],
    in_stock: bool,
}

const ROWS: &[Row] = &[
    Row {
        id: "lamp-aurora",
        name: "Aurora Desk Lamp",
        price: 49.99,
        category: Category::Lighting,
        description: "Articulated aluminium desk lamp with a warm-to-cool dimmable LED and a weighted base.",
        rating: 4.7,
        tags: &["lamp", "desk", "led", "dimmable", "reading"],
        in_stock: true,
    },
    Row {
        id: "lamp-dune",
        name: "Dune Mushroom Lamp",
        price: 79.00,
        category: Category::Lighting,
        description: "Glazed ceramic table lamp with an opal glass dome that spreads a soft, even glow.",
        rating: 4.5,
        tags: &["lamp", "table", "ceramic", "bedside", "ambient"],
        in_stock: true,
    },
    Row {
        id: "lantern-ember",
        name: "Ember Camp Lantern",
        price: 39.50,
        category: Category::Outdoor,
        description: "Rechargeable LED lantern with a folding handle, three brightness levels and 40 hours of light.",
        rating: 4.4,
        tags: &["lantern", "camping", "light", "rechargeable", "led"],
        in_stock: true,
    },
    Row {
        id: "headphones-nimbus",
        name: "Nimbus Wireless Headphones",
        price: 199.00,
        category: Category::Audio,
        description: "Over-ear headphones with active noise cancelling, memory-foam cushions and 35-hour battery life.",
        rating: 4.8,
        tags: &["headphones", "wireless", "bluetooth", "noise cancelling", "music"],
        in_stock: true,
    },
    Row {
        id: "speaker-pulse",
        name: "Pulse Portable Speaker",
        price: 89.99,
        category: Category::Audio,
        description: "Water-resistant Bluetooth speaker with 360° sound and a fabric wrap, ready for the beach.",
        rating: 4.3,
        tags: &["speaker", "bluetooth", "portable", "waterproof", "music"],
        in_stock: true,
    },
    Row {
        id: "earbuds-echo",
        name: "Echo True Wireless Earbuds",
        price: 129.00,
        category: Category::Audio,
        description: "Compact earbuds with a pocketable charging case, transparency mode and a snug silicone fit.",
        rating: 4.2,
        tags: &["earbuds", "wireless", "bluetooth", "sport", "music"],
        in_stock: false,
    },
    Row {
        id: "keyboard-glide",
        name: "Glide Mechanical Keyboard",
        price: 119.00,
        category: Category::HomeOffice,
        description: "Compact 75% mechanical keyboard with hot-swappable tactile switches and a walnut palm rest.",
        rating: 4.6,
        tags: &["keyboard", "mechanical", "typing", "desk", "wireless"],
        in_stock: true,
    },
    Row {
        id: "mouse-arc",
        name: "Arc Ergonomic Mouse",
        price: 59.00,
        category: Category::HomeOffice,
        description: "Sculpted wireless mouse with a thumb rest, silent clicks and a scroll wheel that glides.",
        rating: 4.4,
        tags: &["mouse", "ergonomic", "wireless", "desk"],
        in_stock: true,
    },
    Row {
        id: "stand-loft",
        name: "Loft Laptop Stand",
        price: 45.00,
        category: Category::HomeOffice,
        description: "Folding aluminium stand that lifts a laptop screen to eye level for a healthier posture.",
        rating: 4.5,
        tags: &["laptop", "stand", "ergonomic", "aluminium", "desk"],
        in_stock: true,
    },
    Row {
        id: "mug-ember",
        name: "Ember Stoneware Mug",
        price: 18.00,
        category: Category::Kitchen,
        description: "Hand-glazed 350 ml stoneware mug with a speckled finish and a comfortable thumb grip.",
        rating: 4.9,
        tags: &["mug", "coffee", "tea", "ceramic", "gift"],
        in_stock: true,
    },
    Row {
        id: "kettle-swan",
        name: "Swan Gooseneck Kettle",
        price: 69.00,
        category: Category::Kitchen,
        description: "Electric pour-over kettle with a precise gooseneck spout and temperature hold.",
        rating: 4.6,
        tags: &["kettle", "coffee", "tea", "pour-over", "electric"],
        in_stock: true,
    },
    Row {
        id: "press-origin",
        name: "Origin French Press",
        price: 34.00,
        category: Category::Kitchen,
        description: "One-litre borosilicate glass French press with a stainless steel frame and fine mesh filter.",
        rating: 4.4,
        tags: &["coffee", "french press", "glass", "brewing"],
        in_stock: true,
    },
    Row {
        id: "backpack-trail",
        name: "Trail 28L Backpack",
        price: 95.00,
        category: Category::Outdoor,
        description: "Weatherproof 28-litre daypack with a padded laptop sleeve, hip belt and roll-top closure.",
        rating: 4.7,
        tags: &["backpack", "hiking", "bag", "waterproof", "travel"],
        in_stock: true,
    },
    Row {
        id: "bottle-summit",
        name: "Summit Insulated Bottle",
        price: 29.00,
        category: Category::Outdoor,
        description: "Vacuum-insulated 750 ml steel bottle that keeps drinks cold for 24 hours or hot for 12.",
        rating: 4.8,
        tags: &["bottle", "water", "insulated", "hiking", "travel"],
        in_stock: true,
    },
];

/// Builds the bundled product list, in presentation order.
pub fn products() -> Vec<Product> {
    ROWS.iter()
        .map(|r| Product {
            id: r.id.to_string(),
            name: r.name.to_string(),
            price: r.price,
            category: r.category,
            description: r.description.to_string(),
            rating: r.rating,
            tags: r.tags.iter().map(|t| t.to_string()).collect(),
            image: format!("/products/{}.svg", r.id),
            in_stock: r.in_stock,
        })
        .collect()
}
