//! Waiting for several host requests at once. `futures_util`'s `join_all` / `try_join_all`
//! bring a task queue (`FuturesUnordered`) and a copy of their machinery for every future type;
//! a save sends at most a handful of requests, so one small loop over boxed futures does, in a
//! fraction of the code (the release wasm is what every issue view downloads).

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

/// A request (or any future) in flight, boxed so that every caller shares one `all`.
pub type Pending<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Runs every future at once; their outputs in the order given.
pub async fn all<T>(futures: Vec<Pending<'_, T>>) -> Vec<T> {
    let mut futures: Vec<Option<Pending<'_, T>>> = futures.into_iter().map(Some).collect();
    let mut out: Vec<Option<T>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(move |cx| {
        let mut waiting = false;
        for (slot, result) in futures.iter_mut().zip(out.iter_mut()) {
            if let Some(f) = slot {
                match f.as_mut().poll(cx) {
                    Poll::Ready(v) => {
                        *result = Some(v);
                        *slot = None;
                    }
                    Poll::Pending => waiting = true,
                }
            }
        }
        if waiting {
            Poll::Pending
        } else {
            Poll::Ready(
                out.iter_mut()
                    .map(|r| r.take().expect("polled to the end"))
                    .collect(),
            )
        }
    })
    .await
}

/// Like [`all`], stopping at nothing: every future runs to its end, then the first error wins
/// (a write that failed must not cancel the others half-way).
pub async fn all_ok<T, E>(futures: Vec<Pending<'_, Result<T, E>>>) -> Result<Vec<T>, E> {
    all(futures).await.into_iter().collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use futures_executor::block_on;

    #[test]
    fn outputs_keep_their_order_and_errors_come_after_everything_ran() {
        let ran = std::cell::Cell::new(0);
        let f = |n: u32| -> Pending<'_, Result<u32, u32>> {
            let ran = &ran;
            Box::pin(async move {
                ran.set(ran.get() + 1);
                if n == 2 {
                    Err(n)
                } else {
                    Ok(n * 10)
                }
            })
        };
        assert_eq!(block_on(all_ok(vec![f(1), f(3)])), Ok(vec![10, 30]));
        assert_eq!(block_on(all_ok(vec![f(1), f(2), f(3)])), Err(2));
        assert_eq!(ran.get(), 5);
        assert!(block_on(all::<u8>(Vec::new())).is_empty());
    }
}
