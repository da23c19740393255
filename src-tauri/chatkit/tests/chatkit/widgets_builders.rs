//! Byte-exactness of the typed widget builders against the reference SDK's golden widget files.
//!
//! Each conformance widget (written by `openai-chatkit` 1.6.5 itself, pretty-printed in SDK key
//! order) is rebuilt with the builders and must serialize to exactly the same bytes.
use crate::fixtures;
use chatkit::widgets::*;
use serde_json::{json, Value};

fn fixture(name: &str) -> String {
    fixtures::read_text(&fixtures::asset("widgets").join(name))
}

/// Serialize like the fixture files: two-space pretty JSON plus a final newline.
fn pretty(v: impl Into<Value>) -> String {
    serde_json::to_string_pretty(&v.into()).unwrap() + "\n"
}

const PIXEL: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

#[test]
fn product_card_is_byte_exact() {
    let card = Card::new()
        .size("sm")
        .child(Image::new(PIXEL).alt("Aurora Desk Lamp").fit("cover").radius("md").height(160))
        .child(Title::new("Aurora Desk Lamp").size("md"))
        .child(Text::new("$49.99").weight("semibold"))
        .child(Badge::new("In stock").color("success").variant("soft"))
        .child(
            Row::new()
                .gap(2)
                .child(Button::new("Add to Cart").style("primary").on_click_action(
                    ActionConfig::new("cart.add")
                        .client()
                        .payload(json!({"product_id": "lamp-001", "name": "Aurora Desk Lamp", "price": 49.99})),
                ))
                .child(Button::new("Details").variant("outline").on_click_action(
                    ActionConfig::new("product.details")
                        .payload(json!({"product_id": "lamp-001", "name": "Aurora Desk Lamp"})),
                )),
        );
    assert_eq!(pretty(card.clone()), fixture("product_card.json"));
    // and it is a valid root
    assert_eq!(card.build().unwrap().root_type(), "Card");
}

#[test]
fn setter_call_order_does_not_matter() {
    // Same card, props set in a scrambled order: the SDK's model order still wins.
    let card = Card::new()
        .child(Image::new(PIXEL).height(160).radius("md").fit("cover").alt("Aurora Desk Lamp"))
        .child(Title::new("Aurora Desk Lamp").size("md"))
        .child(Text::new("$49.99").weight("semibold"))
        .child(Badge::new("In stock").variant("soft").color("success"))
        .child(
            Row::new()
                .child(Button::new("Add to Cart").on_click_action(
                    ActionConfig::new("cart.add")
                        .payload(json!({"product_id": "lamp-001", "name": "Aurora Desk Lamp", "price": 49.99}))
                        .client(),
                ).style("primary"))
                .gap(2)
                .child(Button::new("Details").on_click_action(
                    ActionConfig::new("product.details")
                        .payload(json!({"product_id": "lamp-001", "name": "Aurora Desk Lamp"})),
                ).variant("outline")),
        )
        .size("sm");
    assert_eq!(pretty(card), fixture("product_card.json"));
}

#[test]
fn counter_card_is_byte_exact() {
    let card = Card::new()
        .child(Title::new("Counter").size("sm"))
        .child(Text::new("0").id("count"))
        .child(
            Button::new("+1").on_click_action(
                ActionConfig::new("counter.increment")
                    .payload(json!({"by": 1}))
                    .sync(),
            ),
        );
    assert_eq!(pretty(card), fixture("counter_card.json"));
}

#[test]
fn receipt_card_is_byte_exact() {
    let card = Card::new()
        .status(WidgetStatus::with_icon("Paid", "check-circle"))
        .child(Title::new("Order placed"))
        .child(Text::new("Items: 2"));
    assert_eq!(pretty(card), fixture("receipt_card.json"));
}

#[test]
fn product_details_card_is_byte_exact() {
    let card = Card::new()
        .children([
            Value::from(Title::new("Aurora Desk Lamp")),
            Caption::new("SKU lamp-001").into(),
            Text::new("Ships in 2 business days.").into(),
        ])
        .confirm(
            "Buy now",
            ActionConfig::new("cart.checkout").payload(json!({"items": ["lamp-001"]})),
        );
    assert_eq!(pretty(card), fixture("product_details_card.json"));
}

#[test]
fn shipment_card_and_component_are_byte_exact() {
    let card = Card::new()
        .child(Title::new("Order #1042").size("sm"))
        .child(Text::new("Pending").id("status").color("secondary"));
    assert_eq!(pretty(card), fixture("shipment_card.json"));
    let component = Text::new("Shipped").color("success").id("status");
    assert_eq!(pretty(component), fixture("shipment_status_component.json"));
}

#[test]
fn product_list_states_are_byte_exact() {
    let summary = |v: &str, streaming: bool| {
        ListViewItem::new().child(Text::new(v).id("summary").streaming(streaming))
    };
    let lamp = |name: &str| {
        ListViewItem::new()
            .key("lamp-001")
            .gap(2)
            .child(Text::new(name).weight("medium"))
            .child(Badge::new("In stock").color("success"))
            .on_click_action(
                ActionConfig::new("product.details")
                    .payload(json!({"product_id": "lamp-001", "name": "Aurora Desk Lamp"})),
            )
    };
    let list = |items: Vec<ListViewItem>| {
        ListView::new()
            .status(WidgetStatus::with_icon("Top picks", "sparkle"))
            .items(items)
            .into_value()
    };
    let states = vec![
        list(vec![summary("", true)]),
        list(vec![summary("Found", true)]),
        list(vec![summary("Found 2 lamps", true)]),
        list(vec![summary("Found 2 lamps", true), lamp("Aurora")]),
        list(vec![
            summary("Found 2 lamps", true),
            lamp("Aurora Desk Lamp"),
        ]),
        list(vec![
            summary("Found 2 lamps", false),
            lamp("Aurora Desk Lamp"),
        ]),
    ];
    assert_eq!(
        pretty(Value::Array(states)),
        fixture("product_list_states.json")
    );
}

#[test]
fn flex_containers_put_layout_props_before_identity() {
    let form = Form::new()
        .direction("col")
        .on_submit_action(ActionConfig::new("form.submit"))
        .key("f")
        .gap(3)
        .child(Input::new("email").input_type("email").required(true))
        .into_value();
    assert_eq!(
        form.to_string(),
        r#"{"children":[{"type":"Input","name":"email","inputType":"email","required":true}],"gap":3,"key":"f","type":"Form","onSubmitAction":{"type":"form.submit","handler":"server","loadingBehavior":"auto","streaming":true},"direction":"col"}"#
    );
    let boxed = BoxLayout::new()
        .direction("row")
        .background("surface")
        .padding(json!({"x": 2}))
        .into_value();
    assert_eq!(
        boxed.to_string(),
        r#"{"padding":{"x":2},"background":"surface","type":"Box","direction":"row"}"#
    );
    assert_eq!(Col::new().into_value().to_string(), r#"{"type":"Col"}"#);
}

#[test]
fn every_family_serializes_in_model_order() {
    let v = Select::new(
        "size",
        [SelectOption::new("s", "Small").description("fits 1")],
    )
    .on_change_action(ActionConfig::new("size.pick").loading_behavior(LoadingBehavior::None))
    .placeholder("Size")
    .key("k")
    .id("i")
    .into_value();
    assert_eq!(
        v.to_string(),
        r#"{"key":"k","id":"i","type":"Select","name":"size","options":[{"value":"s","label":"Small","description":"fits 1"}],"onChangeAction":{"type":"size.pick","handler":"server","loadingBehavior":"none","streaming":true},"placeholder":"Size"}"#
    );
    let r = RadioGroup::new("color")
        .direction("row")
        .option(RadioOption::new("Red", "red").disabled(true))
        .into_value();
    assert_eq!(
        r.to_string(),
        r#"{"type":"RadioGroup","name":"color","options":[{"label":"Red","value":"red","disabled":true}],"direction":"row"}"#
    );
    let c = Checkbox::new("gift")
        .required(true)
        .label("Gift wrap")
        .default_checked(false)
        .into_value();
    assert_eq!(
        c.to_string(),
        r#"{"type":"Checkbox","name":"gift","label":"Gift wrap","defaultChecked":false,"required":true}"#
    );
    let d = DatePicker::new("when")
        .max("2026-12-31T00:00:00")
        .min("2026-01-01T00:00:00")
        .into_value();
    assert_eq!(
        d.to_string(),
        r#"{"type":"DatePicker","name":"when","min":"2026-01-01T00:00:00","max":"2026-12-31T00:00:00"}"#
    );
    let t = Textarea::new("note").rows(3).placeholder("…").into_value();
    assert_eq!(
        t.to_string(),
        r#"{"type":"Textarea","name":"note","placeholder":"…","rows":3}"#
    );
    let l = Label::new("Email", "email")
        .color(ThemeColor::new("gray-900", "gray-100"))
        .into_value();
    assert_eq!(
        l.to_string(),
        r#"{"type":"Label","value":"Email","fieldName":"email","color":{"light":"gray-900","dark":"gray-100"}}"#
    );
    let m = Markdown::new("**hi**").streaming(true).id("m").into_value();
    assert_eq!(
        m.to_string(),
        r#"{"id":"m","type":"Markdown","value":"**hi**","streaming":true}"#
    );
    let i = Icon::new("sparkle")
        .size("lg")
        .color("primary")
        .into_value();
    assert_eq!(
        i.to_string(),
        r#"{"type":"Icon","name":"sparkle","color":"primary","size":"lg"}"#
    );
    let s = Spacer::new().min_size(8).into_value();
    assert_eq!(s.to_string(), r#"{"type":"Spacer","minSize":8}"#);
    let dv = Divider::new().flush(true).spacing(2).into_value();
    assert_eq!(
        dv.to_string(),
        r#"{"type":"Divider","spacing":2,"flush":true}"#
    );
    let tr = Transition::new(Text::new("x")).into_value();
    assert_eq!(
        tr.to_string(),
        r#"{"type":"Transition","children":{"type":"Text","value":"x"}}"#
    );
    let b = Button::unlabeled()
        .disabled(true)
        .icon_start("plus")
        .submit(true)
        .into_value();
    assert_eq!(
        b.to_string(),
        r#"{"type":"Button","submit":true,"iconStart":"plus","disabled":true}"#
    );
    let lv = ListView::new().limit("auto").theme("dark").into_value();
    assert_eq!(
        lv.to_string(),
        r#"{"type":"ListView","children":[],"limit":"auto","theme":"dark"}"#
    );
}

#[test]
fn chart_serializes_series_and_axis() {
    let chart = Chart::new(
        [
            json!({"month": "Jan", "sales": 3}),
            json!({"month": "Feb", "sales": 5}),
        ],
        [
            Series::bar("sales")
                .label("Sales")
                .stack("a")
                .curve_type("ignored")
                .color("blue"),
            Series::line("sales")
                .stack("ignored")
                .curve_type("monotone"),
        ],
        XAxis::config("month").label("Jan", "January"),
    )
    .show_legend(false)
    .height(200)
    .into_value();
    assert_eq!(
        chart.to_string(),
        r#"{"type":"Chart","data":[{"month":"Jan","sales":3},{"month":"Feb","sales":5}],"series":[{"type":"bar","label":"Sales","dataKey":"sales","stack":"a","color":"blue"},{"type":"line","dataKey":"sales","curveType":"monotone"}],"xAxis":{"dataKey":"month","labels":{"Jan":"January"}},"showLegend":false,"height":200}"#
    );
    let plain = Chart::new([], [Series::area("v")], "day").into_value();
    assert_eq!(
        plain.to_string(),
        r#"{"type":"Chart","data":[],"series":[{"type":"area","dataKey":"v"}],"xAxis":"day"}"#
    );
}

#[test]
fn custom_components_and_basic_use_dynamic_order() {
    let table = Component::custom("Table")
        .prop("header", true)
        .child(
            Component::custom("Table.Row").child(
                Component::custom("Table.Cell")
                    .prop("colSpan", 2)
                    .child(Text::new("a")),
            ),
        )
        .key("t");
    assert_eq!(
        table.into_value().to_string(),
        r#"{"key":"t","type":"Table","children":[{"type":"Table.Row","children":[{"type":"Table.Cell","children":[{"type":"Text","value":"a"}],"colSpan":2}]}],"header":true}"#
    );
    let basic = Basic::new().prop("gap", 1).child(
        Col::new()
            .gap(1)
            .child(Title::new("Harry Potter").size("sm")),
    );
    assert_eq!(
        basic.build().unwrap().to_json(),
        r#"{"type":"Basic","children":[{"children":[{"type":"Title","value":"Harry Potter","size":"sm"}],"gap":1,"type":"Col"}],"gap":1}"#
    );
}

#[test]
fn nulls_are_dropped_and_unknown_props_come_last() {
    let v = Text::new("x")
        .prop("data-test", "t")
        .color(Value::Null)
        .weight("bold")
        .prop("extra", Value::Null)
        .into_value();
    assert_eq!(
        v.to_string(),
        r#"{"type":"Text","value":"x","weight":"bold","data-test":"t"}"#
    );
    let action = ActionConfig::new("a").payload(json!({"keep": 1, "drop": null}));
    assert_eq!(
        action.into_value().to_string(),
        r#"{"type":"a","payload":{"keep":1},"handler":"server","loadingBehavior":"auto","streaming":true}"#
    );
}

#[test]
fn build_rejects_invalid_roots() {
    let bad = ListView::new()
        .item(ListViewItem::new())
        .prop("children", json!([{"type": "Text", "value": "x"}]));
    assert!(matches!(bad.build(), Err(WidgetError::InvalidNode { .. })));
    let not_a_node = Card::new().child(json!("just a string"));
    assert!(matches!(
        not_a_node.build(),
        Err(WidgetError::InvalidNode { .. })
    ));
}

#[test]
fn action_config_round_trips_with_defaults() {
    let parsed: ActionConfig = serde_json::from_value(json!({"type": "x"})).unwrap();
    assert_eq!(parsed, ActionConfig::new("x"));
    let sync_client: ActionConfig = serde_json::from_value(
        json!({"type": "y", "handler": "client", "loadingBehavior": "self", "streaming": false}),
    )
    .unwrap();
    assert_eq!(
        sync_client,
        ActionConfig::new("y")
            .client()
            .loading_behavior(LoadingBehavior::SelfOnly)
            .sync()
    );
    assert_eq!(
        Value::from(CardAction::new(
            "OK",
            ActionConfig::new("ok").handler(Handler::Client)
        ))["action"]["handler"],
        "client"
    );
}
