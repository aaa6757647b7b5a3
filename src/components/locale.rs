//! The user's locale from the host (AP gives `en_US`, Forge `en-US`), for showing dates.

use leptos::prelude::*;
use ticklist_core::Date;

/// Provided by the page; read with [`use_locale`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locale(pub String);

/// A BCP 47 tag for the browser's Intl APIs.
pub fn normalize(locale: &str) -> String {
    let tag = locale.trim().replace('_', "-");
    if tag.is_empty() {
        "en-US".into()
    } else {
        tag
    }
}

pub fn use_locale() -> String {
    use_context::<Locale>().map_or_else(|| "en-US".into(), |l| l.0)
}

/// `2026-12-01` as the locale writes a short date (e.g. "Dec 1, 2026", "1 déc. 2026").
pub fn format_date(d: Date, locale: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let js = js_sys::Date::new_with_year_month_day(
            u32::from(d.year),
            i32::from(d.month) - 1,
            i32::from(d.day),
        );
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"year".into(), &"numeric".into());
        let _ = js_sys::Reflect::set(&options, &"month".into(), &"short".into());
        let _ = js_sys::Reflect::set(&options, &"day".into(), &"numeric".into());
        js.to_locale_date_string(locale, &options).into()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = locale;
        d.to_string()
    }
}

/// A moment (ms since the epoch) as the locale writes date and time, e.g. "Nov 25, 2026, 2:03 PM".
pub fn format_time(ms: u64, locale: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let js = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
        let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
        js.to_locale_string(locale, &options).into()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = locale;
        format!("{ms} ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_locales_become_bcp47_tags() {
        assert_eq!(normalize("en_US"), "en-US");
        assert_eq!(normalize("fr-FR"), "fr-FR");
        assert_eq!(normalize(" "), "en-US");
    }
}
