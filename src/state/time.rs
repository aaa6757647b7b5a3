//! The browser's clock: wall time for tombstones, today's date for "overdue", and a random id
//! for this tab's writes. Native builds (tests) get fixed values.

use ticklist_core::Date;

/// Milliseconds since the epoch (0 in native tests).
pub fn now_ms() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as u64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// Today's date in the browser's time zone (for "overdue"); `None` in native tests.
pub fn today() -> Option<Date> {
    #[cfg(target_arch = "wasm32")]
    {
        let d = js_sys::Date::new_0();
        Date::new(
            d.get_full_year() as u16,
            d.get_month() as u8 + 1,
            d.get_date() as u8,
        )
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// A random id for this tab's writes (see ticklist_core::stamp).
pub fn replica_id() -> String {
    let mut v = (js_sys::Math::random() * 2f64.powi(40)) as u64;
    let mut out = String::with_capacity(8);
    for _ in 0..8 {
        let d = (v % 36) as u8;
        out.push(if d < 10 {
            (b'0' + d) as char
        } else {
            (b'a' + d - 10) as char
        });
        v /= 36;
    }
    out
}
