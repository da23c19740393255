//! Helpers shared by the WebDriver tests of the built app.
