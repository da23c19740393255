//! The product catalog: the shop's products and the questions tools ask about them.
//!
//! Tools never touch the product list directly; they ask the [`Catalog`] (all products, one
//! category, a ranked text search, one id, the featured product), so the rules for matching
//! and ordering live in one place. The bundled data is in [`data`], the record in [`product`],
//! the ranking in [`search`].

pub mod data;
pub mod product;
pub mod search;

pub use product::{format_usd, Category, Product, UnknownCategory};
pub use search::{Filters, SearchHit, SortOrder, UnknownSort};

use std::collections::HashSet;

/// Why a catalog could not be built or a lookup failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatalogError {
    /// No product has this id. `suggestions` holds ids of products the id resembles.
    #[error("unknown product id {id:?}{}", suggestion_text(.suggestions))]
    NotFound {
        id: String,
        suggestions: Vec<String>,
    },
    /// Two products share an id.
    #[error("duplicate product id {0:?}")]
    DuplicateId(String),
    /// A product's fields are out of range (empty id/name, negative price, rating > 5 …).
    #[error("invalid product {id:?}: {reason}")]
    InvalidProduct { id: String, reason: String },
    /// The catalog has no product at all.
    #[error("the catalog is empty")]
    Empty,
}

fn suggestion_text(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}

/// A filter over the catalog: optional category, optional text query and [`Filters`], all
/// must hold; results in [`SortOrder`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProductQuery {
    pub category: Option<Category>,
    pub text: Option<String>,
    /// Keep at most this many results (None = all).
    pub limit: Option<usize>,
    /// Price range and stock.
    pub filters: Filters,
    pub sort: SortOrder,
}

/// An immutable, validated set of products.
#[derive(Debug, Clone)]
pub struct Catalog {
    products: Vec<Product>,
    featured: usize,
}

impl Catalog {
    /// The catalog bundled with the app (see [`data`]).
    pub fn bundled() -> Catalog {
        Catalog::with_featured(data::products(), data::FEATURED_ID)
            .expect("the bundled catalog is valid (checked by tests)")
    }

    /// Builds a catalog from arbitrary products; the first product is the featured one.
    pub fn new(products: Vec<Product>) -> Result<Catalog, CatalogError> {
        let first = products.first().ok_or(CatalogError::Empty)?.id.clone();
        Catalog::with_featured(products, &first)
    }

    /// Builds a catalog from products and names its featured product.
    pub fn with_featured(
        products: Vec<Product>,
        featured_id: &str,
    ) -> Result<Catalog, CatalogError> {
        if products.is_empty() {
            return Err(CatalogError::Empty);
        }
        let mut seen = HashSet::new();
        for p in &products {
            validate(p)?;
            if !seen.insert(p.id.as_str()) {
                return Err(CatalogError::DuplicateId(p.id.clone()));
            }
        }
        let featured = products
            .iter()
            .position(|p| p.id == featured_id)
            .ok_or_else(|| CatalogError::NotFound {
                id: featured_id.to_string(),
                suggestions: Vec::new(),
            })?;
        Ok(Catalog { products, featured })
    }

    /// Every product, in presentation order.
    pub fn all(&self) -> &[Product] {
        &self.products
    }

    /// The products of one category, in presentation order.
    pub fn by_category(&self, category: Category) -> Vec<&Product> {
        self.products
            .iter()
            .filter(|p| p.category == category)
            .collect()
    }

    /// The categories that have at least one product, in [`Category::ALL`] order.
    pub fn categories(&self) -> Vec<Category> {
        Category::ALL
            .into_iter()
            .filter(|c| self.products.iter().any(|p| p.category == *c))
            .collect()
    }

    /// Ranked text search over names, tags, categories and descriptions (case-insensitive).
    pub fn search(&self, query: &str) -> Vec<&Product> {
        self.search_scored(query)
            .into_iter()
            .map(|h| h.product)
            .collect()
    }

    /// Like [`Catalog::search`], with the scores (for tools that report relevance).
    pub fn search_scored(&self, query: &str) -> Vec<SearchHit<'_>> {
        search::search(&self.products, query)
    }

    /// The product with this id, if any (exact, case-sensitive match on the slug).
    pub fn find(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    /// The product with this id, or a [`CatalogError::NotFound`] that suggests close ids.
    pub fn get(&self, id: &str) -> Result<&Product, CatalogError> {
        if let Some(p) = self.find(id) {
            return Ok(p);
        }
        let trimmed = id.trim().to_lowercase();
        if let Some(p) = self.find(&trimmed) {
            return Ok(p);
        }
        let suggestions = self
            .search(id)
            .into_iter()
            .take(3)
            .map(|p| p.id.clone())
            .collect();
        Err(CatalogError::NotFound {
            id: id.to_string(),
            suggestions,
        })
    }

    /// The product the shop puts forward by default.
    pub fn featured(&self) -> &Product {
        &self.products[self.featured]
    }

    /// Applies a [`ProductQuery`]: the category filter and the [`Filters`], then the text
    /// search ([`search::focused`], ranked) if any, otherwise presentation order; then the sort; then the limit.
    pub fn query(&self, q: &ProductQuery) -> Vec<&Product> {
        let in_category =
            |p: &Product| q.category.is_none_or(|c| p.category == c) && q.filters.admits(p);
        let text = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let mut out: Vec<&Product> = match text {
            Some(t) => {
                let pool: Vec<&Product> = self.products.iter().filter(|p| in_category(p)).collect();
                search::focused(&pool, t)
                    .into_iter()
                    .map(|h| h.product)
                    .collect()
            }
            None => self.products.iter().filter(|p| in_category(p)).collect(),
        };
        q.sort.apply(&mut out);
        if let Some(limit) = q.limit {
            out.truncate(limit);
        }
        out
    }
}

fn validate(p: &Product) -> Result<(), CatalogError> {
    let invalid = |reason: &str| CatalogError::InvalidProduct {
        id: p.id.clone(),
        reason: reason.to_string(),
    };
    if p.id.is_empty()
        || !p
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(invalid(
            "id must be a non-empty lower-case slug (a-z, 0-9, -)",
        ));
    }
    if p.name.trim().is_empty() {
        return Err(invalid("name is empty"));
    }
    if !p.price.is_finite() || p.price < 0.0 {
        return Err(invalid("price must be a finite, non-negative amount"));
    }
    if !(0.0..=5.0).contains(&p.rating) {
        return Err(invalid("rating must be between 0 and 5"));
    }
    if p.in_stock != (p.stock > 0) {
        return Err(invalid(
            "in_stock must be true exactly when stock is above 0",
        ));
    }
    Ok(())
}
