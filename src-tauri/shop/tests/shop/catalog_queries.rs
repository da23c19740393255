//! Behaviour of the bundled catalog as tools see it: coverage of categories, lookups, the
//! ranked search and the validation of hand-built catalogs.

use shop::catalog::{Catalog, CatalogError, Category, Product, ProductQuery};
use std::path::Path;

fn catalog() -> Catalog {
    Catalog::bundled()
}

#[test]
fn bundled_catalog_is_big_enough_to_filter_and_compare() {
    let c = catalog();
    assert!(c.all().len() >= 40, "only {} products", c.all().len());
    assert!(Category::ALL.len() >= 6);
    for cat in Category::ALL {
        assert!(
            c.by_category(cat).len() >= 5,
            "category {cat} has fewer than 5 products"
        );
    }
    assert_eq!(c.categories(), Category::ALL.to_vec());
    // A price spread that makes "under $50", "between 20 and 40 dollars" and "over $150" mean
    // something, and a few products that cannot be bought right now.
    let count = |f: &dyn Fn(&Product) -> bool| c.all().iter().filter(|p| f(p)).count();
    assert!(count(&|p| p.price < 50.0) >= 10);
    assert!(count(&|p| (20.0..=40.0).contains(&p.price)) >= 8);
    assert!(count(&|p| p.price > 150.0) >= 5);
    assert!((3..=8).contains(&count(&|p| !p.in_stock)));
    assert!(
        count(&|p| (1..=5).contains(&p.stock)) >= 3,
        "a few almost sold out"
    );
}

#[test]
fn every_product_is_well_formed_and_has_its_image_file() {
    let c = catalog();
    let public = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/public");
    for p in c.all() {
        assert_eq!(p.image, format!("/products/{}.svg", p.id));
        assert!(p.price > 0.0 && p.price < 10_000.0, "{}", p.id);
        assert!((0.0..=5.0).contains(&p.rating), "{}", p.id);
        assert!(
            !p.description.is_empty() && p.description.len() < 140,
            "{}",
            p.id
        );
        assert!(p.tags.len() >= 3, "{}", p.id);
        assert!(p.tags.iter().all(|t| *t == t.to_lowercase()), "{}", p.id);
        assert!(
            p.features.len() >= 3
                && p.features
                    .iter()
                    .all(|f| !f.trim().is_empty() && f.len() <= 32),
            "{}: {:?}",
            p.id,
            p.features
        );
        assert_eq!(p.in_stock, p.stock > 0, "{}", p.id);
        let file = public.join(p.image.trim_start_matches('/'));
        assert!(file.is_file(), "missing image {}", file.display());
    }
}

#[test]
fn by_category_keeps_presentation_order() {
    let c = catalog();
    let lighting: Vec<&str> = c
        .by_category(Category::Lighting)
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(
        lighting,
        vec![
            "lamp-aurora",
            "lamp-dune",
            "lamp-halo",
            "bulb-spark",
            "strip-glow",
            "nightlight-luna",
            "light-pico"
        ]
    );
    let audio = c.by_category(Category::Audio);
    assert!(audio.iter().all(|p| p.category == Category::Audio));
    assert_eq!(audio[0].id, "headphones-nimbus");
}

#[test]
fn lookup_by_id_and_featured() {
    let c = catalog();
    assert_eq!(c.get("mug-ember").unwrap().name, "Ember Stoneware Mug");
    assert_eq!(c.get("  MUG-EMBER ").unwrap().id, "mug-ember");
    assert!(c.find("MUG-EMBER").is_none(), "find is exact");
    assert_eq!(c.featured().id, "lamp-aurora");
}

#[test]
fn unknown_id_is_a_typed_error_with_suggestions() {
    let c = catalog();
    match c.get("lamp-zeppelin") {
        Err(CatalogError::NotFound { id, suggestions }) => {
            assert_eq!(id, "lamp-zeppelin");
            assert!(
                suggestions.contains(&"lamp-aurora".to_string()),
                "{suggestions:?}"
            );
            assert!(suggestions.len() <= 3);
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    let err = c.get("zzz").unwrap_err();
    assert_eq!(err.to_string(), "unknown product id \"zzz\"");
}

#[test]
fn search_is_case_insensitive_and_ranks_names_first() {
    let c = catalog();
    let hits = c.search("HEADPHONES");
    assert_eq!(hits[0].id, "headphones-nimbus");
    // "coffee" names the grinder and the scale and is a tag of four more kitchen products;
    // nothing outside the kitchen mentions it, and the name hits come first.
    let coffee: Vec<&str> = c.search("coffee").iter().map(|p| p.id.as_str()).collect();
    let mut sorted = coffee.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            "espresso-barista",
            "grinder-mill",
            "kettle-swan",
            "mug-ember",
            "press-origin",
            "scale-drip"
        ],
        "{coffee:?}"
    );
    let mut names = coffee[..2].to_vec();
    names.sort_unstable();
    assert_eq!(names, ["grinder-mill", "scale-drip"], "{coffee:?}");
    // A name hit ("French Press") outranks a description hit.
    assert_eq!(c.search("french press")[0].id, "press-origin");
}

#[test]
fn search_prefers_products_matching_more_terms() {
    let c = catalog();
    let hits = c.search_scored("wireless mouse");
    assert_eq!(hits[0].product.id, "mouse-arc");
    assert_eq!(hits[0].matched_terms, 2);
    assert!(hits.iter().skip(1).all(|h| h.matched_terms <= 2));
    // Other wireless products follow.
    assert!(hits.iter().any(|h| h.product.id == "headphones-nimbus"));
    // Scores are non-increasing within the same matched-term count.
    for w in hits.windows(2) {
        if w[0].matched_terms == w[1].matched_terms {
            assert!(w[0].score >= w[1].score);
        }
    }
}

#[test]
fn search_folds_plurals_and_ignores_filler() {
    let c = catalog();
    let lamps: Vec<&str> = c
        .search("show me some lamps")
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    // The three products called "Lamp" come before the headlamp, which only contains the word.
    let mut first = lamps[..3].to_vec();
    first.sort_unstable();
    assert_eq!(
        first,
        ["lamp-aurora", "lamp-dune", "lamp-halo"],
        "{lamps:?}"
    );
    assert!(lamps.contains(&"headlamp-beam"), "{lamps:?}");
    assert!(c.search("show me the products").is_empty());
    assert!(c.search("").is_empty());
    assert!(c.search("submarine").is_empty());
}

#[test]
fn query_combines_category_text_and_limit() {
    let c = catalog();
    let q = ProductQuery {
        category: Some(Category::Outdoor),
        text: Some("light".into()),
        limit: None,
        ..Default::default()
    };
    let ids: Vec<&str> = c.query(&q).iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, vec!["lantern-ember"]);
    let q = ProductQuery {
        category: None,
        text: Some("   ".into()),
        limit: Some(4),
        ..Default::default()
    };
    assert_eq!(c.query(&q).len(), 4, "blank text means no text filter");
    let q = ProductQuery {
        category: Some(Category::Kitchen),
        text: None,
        limit: Some(2),
        ..Default::default()
    };
    let ids: Vec<&str> = c.query(&q).iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, vec!["mug-ember", "kettle-swan"]);
}

fn sample(id: &str) -> Product {
    Product {
        id: id.into(),
        name: "Thing".into(),
        price: 1.0,
        category: Category::Kitchen,
        description: "A thing.".into(),
        features: vec!["Useful".into()],
        rating: 4.0,
        tags: vec!["thing".into()],
        image: format!("/products/{id}.svg"),
        stock: 3,
        in_stock: true,
    }
}

#[test]
fn hand_built_catalogs_are_validated() {
    assert_eq!(Catalog::new(vec![]).unwrap_err(), CatalogError::Empty);
    assert_eq!(
        Catalog::new(vec![sample("a"), sample("a")]).unwrap_err(),
        CatalogError::DuplicateId("a".into())
    );
    let mut bad = sample("b");
    bad.price = f64::NAN;
    assert!(matches!(
        Catalog::new(vec![bad]),
        Err(CatalogError::InvalidProduct { .. })
    ));
    let mut bad = sample("c");
    bad.rating = 7.0;
    assert!(matches!(
        Catalog::new(vec![bad]),
        Err(CatalogError::InvalidProduct { .. })
    ));
    let mut bad = sample("d");
    bad.stock = 0; // still marked in stock
    assert!(matches!(
        Catalog::new(vec![bad]),
        Err(CatalogError::InvalidProduct { .. })
    ));
    assert!(matches!(
        Catalog::new(vec![sample("Not A Slug")]),
        Err(CatalogError::InvalidProduct { .. })
    ));
    assert!(matches!(
        Catalog::with_featured(vec![sample("a")], "zzz"),
        Err(CatalogError::NotFound { .. })
    ));
    let ok = Catalog::new(vec![sample("a"), sample("b")]).unwrap();
    assert_eq!(ok.featured().id, "a");
}

#[test]
fn products_round_trip_through_json() {
    let c = catalog();
    let json = serde_json::to_value(c.featured()).unwrap();
    assert_eq!(json["category"], "lighting");
    assert_eq!(json["price"], 49.99);
    let back: Product = serde_json::from_value(json).unwrap();
    assert_eq!(&back, c.featured());
}
