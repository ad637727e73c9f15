//! The market of one 30-minute interval: a call double auction with one uniform clearing price.
//!
//! **Stand-in.** Powerledger publishes no matching rules with verifiable constants
//! (docs/reference/protocols.md, *Powerledger*, "whitepaper level, unverified"); a periodic
//! double auction with a uniform price, highest bids matched with lowest asks, is the textbook
//! mechanism for local energy markets and is what this model uses.
//!
//! The rule: sort bids by price, highest first, and asks by price, lowest first (ties by order
//! id, so the result never depends on input order); walk both lists, matching the current bid
//! with the current ask for the smaller of their remaining quantities while the bid's price is at
//! least the ask's; stop at the first pair that does not cross. Every trade settles at one price:
//! the midpoint of the last matched (marginal) bid and ask. Every matched bid's limit is at least
//! the marginal bid's and every matched ask's at most the marginal ask's, so no trader pays more
//! (or receives less) than its limit.

/// A limit order: `kwh` at `price` per kWh or better.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Order {
    /// Who placed it (a household's node index).
    pub id: u32,
    /// Quantity, kWh.
    pub kwh: f64,
    /// Limit price, USD per kWh: the most a buyer pays, the least a seller accepts.
    pub price: f64,
}

/// The result of clearing one book.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Clearing {
    /// The uniform price, USD per kWh; `None` when no bid and ask crossed.
    pub price: Option<f64>,
    /// Energy traded, kWh.
    pub volume: f64,
    /// kWh filled of each bid, in the order the bids were given.
    pub bid_fills: Vec<f64>,
    /// kWh filled of each ask, in the order the asks were given.
    pub ask_fills: Vec<f64>,
}

/// Clears `bids` against `asks` (see the module docs).
pub fn clear(bids: &[Order], asks: &[Order]) -> Clearing {
    let mut b: Vec<usize> = (0..bids.len()).filter(|i| bids[*i].kwh > 0.0).collect();
    let mut a: Vec<usize> = (0..asks.len()).filter(|i| asks[*i].kwh > 0.0).collect();
    b.sort_by(|x, y| bids[*y].price.total_cmp(&bids[*x].price).then(bids[*x].id.cmp(&bids[*y].id)));
    a.sort_by(|x, y| asks[*x].price.total_cmp(&asks[*y].price).then(asks[*x].id.cmp(&asks[*y].id)));
    let mut out =
        Clearing { price: None, volume: 0.0, bid_fills: vec![0.0; bids.len()], ask_fills: vec![0.0; asks.len()] };
    let (mut i, mut j) = (0, 0);
    let mut marginal = None;
    while i < b.len() && j < a.len() {
        let (bid, ask) = (&bids[b[i]], &asks[a[j]]);
        if bid.price < ask.price {
            break;
        }
        let q = (bid.kwh - out.bid_fills[b[i]]).min(ask.kwh - out.ask_fills[a[j]]);
        out.bid_fills[b[i]] += q;
        out.ask_fills[a[j]] += q;
        out.volume += q;
        marginal = Some((bid.price, ask.price));
        if out.bid_fills[b[i]] >= bid.kwh {
            i += 1;
        }
        if out.ask_fills[a[j]] >= ask.kwh {
            j += 1;
        }
    }
    out.price = marginal.map(|(bp, ap)| (bp + ap) / 2.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(id: u32, kwh: f64, price: f64) -> Order {
        Order { id, kwh, price }
    }

    #[test]
    fn hand_worked_book() {
        // Bids: A 3 kWh at 0.20, B 2 at 0.15, C 4 at 0.08. Asks: X 2 at 0.05, Y 3 at 0.10,
        // Z 5 at 0.18. By hand: A-X 2 kWh, A-Y 1, B-Y 2; then C (0.08) < Z (0.18) stops.
        // Volume 5 kWh; the marginal pair is B/Y, price (0.15 + 0.10) / 2 = 0.125.
        let bids = [o(2, 4.0, 0.08), o(0, 3.0, 0.20), o(1, 2.0, 0.15)];
        let asks = [o(12, 5.0, 0.18), o(10, 2.0, 0.05), o(11, 3.0, 0.10)];
        let c = clear(&bids, &asks);
        assert_eq!(c.volume, 5.0);
        assert!((c.price.unwrap() - 0.125).abs() < 1e-12);
        assert_eq!(c.bid_fills, vec![0.0, 3.0, 2.0]);
        assert_eq!(c.ask_fills, vec![0.0, 2.0, 3.0]);
        // Individually rational: every filled bid is at or above the price, every ask below.
        let p = c.price.unwrap();
        assert!(bids.iter().zip(&c.bid_fills).all(|(b, f)| *f == 0.0 || b.price >= p));
        assert!(asks.iter().zip(&c.ask_fills).all(|(a, f)| *f == 0.0 || a.price <= p));
    }

    #[test]
    fn no_trade_when_every_bid_is_below_every_ask() {
        let c = clear(&[o(0, 5.0, 0.09), o(1, 1.0, 0.04)], &[o(2, 5.0, 0.10), o(3, 2.0, 0.30)]);
        assert_eq!(c.price, None);
        assert_eq!(c.volume, 0.0);
        assert!(c.bid_fills.iter().chain(&c.ask_fills).all(|f| *f == 0.0));
        // An empty side never trades either.
        assert_eq!(clear(&[o(0, 1.0, 1.0)], &[]).price, None);
    }

    #[test]
    fn short_side_is_filled_completely() {
        // Demand 10 kWh at 0.30, supply 4 kWh at 0.05: all supply sells, at 0.175.
        let c = clear(&[o(0, 10.0, 0.30)], &[o(1, 1.0, 0.05), o(2, 3.0, 0.05)]);
        assert_eq!(c.volume, 4.0);
        assert_eq!(c.bid_fills, vec![4.0]);
        assert!((c.price.unwrap() - 0.175).abs() < 1e-12);
    }

    #[test]
    fn ties_are_broken_by_id_not_input_order() {
        let bids = [o(0, 1.0, 0.2)];
        let x = clear(&bids, &[o(5, 1.0, 0.1), o(3, 1.0, 0.1)]);
        let y = clear(&bids, &[o(3, 1.0, 0.1), o(5, 1.0, 0.1)]);
        assert_eq!(x.ask_fills, vec![0.0, 1.0]);
        assert_eq!(y.ask_fills, vec![1.0, 0.0]);
    }
}
