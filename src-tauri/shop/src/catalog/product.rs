//! The product record and its category: the one shape every tool, widget and test agrees on.
//!
//! Kept apart from the data and the queries so that widget code can depend on the shape
//! without pulling in the catalog's contents.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A product category. Serialized as a snake_case slug (`"home_office"`), which is also what
/// the tools accept from the model (leniently: see [`Category::from_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Lighting,
    Audio,
    HomeOffice,
    Kitchen,
    Outdoor,
    Fitness,
}

impl Category {
    /// Every category, in the order the shop presents them.
    pub const ALL: [Category; 6] = [
        Category::Lighting,
        Category::Audio,
        Category::HomeOffice,
        Category::Kitchen,
        Category::Outdoor,
        Category::Fitness,
    ];

    /// The stable slug used on the wire and in tool arguments.
    pub fn slug(self) -> &'static str {
        match self {
            Category::Lighting => "lighting",
            Category::Audio => "audio",
            Category::HomeOffice => "home_office",
            Category::Kitchen => "kitchen",
            Category::Outdoor => "outdoor",
            Category::Fitness => "fitness",
        }
    }

    /// The human label shown in widgets ("Home office").
    pub fn label(self) -> &'static str {
        match self {
            Category::Lighting => "Lighting",
            Category::Audio => "Audio",
            Category::HomeOffice => "Home office",
            Category::Kitchen => "Kitchen",
            Category::Outdoor => "Outdoor",
            Category::Fitness => "Fitness",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// The category string matched none of the shop's categories.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown category {given:?}; known categories: lighting, audio, home_office, kitchen, outdoor, fitness"
)]
pub struct UnknownCategory {
    /// What the caller passed, verbatim.
    pub given: String,
}

impl FromStr for Category {
    type Err = UnknownCategory;

    /// Parses a slug or a label, case-insensitively, ignoring separators (`"Home Office"`,
    /// `"home-office"`, `"home_office"`), and a few everyday synonyms a model or a person is
    /// likely to use (`"lamps"`, `"headphones"`, `"office"`, `"camping"`, `"gym"`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm: String = s
            .trim()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let category = match norm.as_str() {
            "lighting" | "light" | "lights" | "lamp" | "lamps" => Category::Lighting,
            "audio" | "sound" | "music" | "headphones" | "speakers" => Category::Audio,
            "homeoffice" | "office" | "desk" | "workspace" => Category::HomeOffice,
            "kitchen" | "kitchenware" | "coffee" | "cooking" => Category::Kitchen,
            "outdoor" | "outdoors" | "outside" | "camping" | "hiking" => Category::Outdoor,
            "fitness" | "exercise" | "gym" | "workout" | "sports" => Category::Fitness,
            _ => {
                return Err(UnknownCategory {
                    given: s.to_string(),
                })
            }
        };
        Ok(category)
    }
}

/// One product of the catalog. `price` is in US dollars (`49.99`), matching the cart's
/// `price: number` in Contract 2; `image` is the webview path of the bundled illustration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Product {
    /// Stable slug, e.g. `"lamp-aurora"`; also the image's file stem.
    pub id: String,
    pub name: String,
    pub price: f64,
    pub category: Category,
    /// One or two sentences, shown on cards.
    pub description: String,
    /// Key features, a few short phrases ("Active noise cancelling"), shown on cards.
    pub features: Vec<String>,
    /// Average review score, 0.0 ..= 5.0.
    pub rating: f32,
    /// Lower-case search keywords.
    pub tags: Vec<String>,
    /// `/products/<id>.svg`, served by the webview from `ui/public/products/`.
    pub image: String,
    /// Units on hand. The catalog checks that `in_stock` is exactly `stock > 0`.
    pub stock: u32,
    /// Whether it can be bought now (kept as a field: tools and filters read it everywhere).
    pub in_stock: bool,
}

impl Product {
    /// The price as the shop prints it: `$49.99`, `$1,249.00`.
    pub fn price_label(&self) -> String {
        format_usd(self.price)
    }
}

/// Formats an amount in US dollars with two decimals and thousands separators.
pub fn format_usd(amount: f64) -> String {
    let cents = (amount * 100.0).round() as i64;
    let negative = cents < 0;
    let cents = cents.unsigned_abs();
    let whole = (cents / 100).to_string();
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!(
        "{}${}.{:02}",
        if negative { "-" } else { "" },
        grouped,
        cents % 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_parses_slugs_labels_and_synonyms() {
        assert_eq!("home_office".parse::<Category>(), Ok(Category::HomeOffice));
        assert_eq!("Home Office".parse::<Category>(), Ok(Category::HomeOffice));
        assert_eq!(" LAMPS ".parse::<Category>(), Ok(Category::Lighting));
        assert_eq!("camping".parse::<Category>(), Ok(Category::Outdoor));
        assert_eq!("Gym".parse::<Category>(), Ok(Category::Fitness));
        for c in Category::ALL {
            assert_eq!(c.slug().parse::<Category>(), Ok(c));
            assert_eq!(c.label().parse::<Category>(), Ok(c));
        }
    }

    #[test]
    fn unknown_category_is_a_typed_error() {
        let err = "garden gnomes".parse::<Category>().unwrap_err();
        assert_eq!(err.given, "garden gnomes");
        assert!(err.to_string().contains("known categories"));
    }

    #[test]
    fn category_serializes_as_slug() {
        assert_eq!(
            serde_json::to_string(&Category::HomeOffice).unwrap(),
            "\"home_office\""
        );
    }

    #[test]
    fn usd_formatting() {
        assert_eq!(format_usd(49.99), "$49.99");
        assert_eq!(format_usd(5.0), "$5.00");
        assert_eq!(format_usd(1249.5), "$1,249.50");
        assert_eq!(format_usd(1_000_000.0), "$1,000,000.00");
        assert_eq!(format_usd(0.1 + 0.2), "$0.30");
        assert_eq!(format_usd(-3.5), "-$3.50");
    }
}
