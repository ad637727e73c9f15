//! Random streams: one ChaCha8 stream per (run seed, network, node).
//!
//! Each node draws from its own stream, so adding a node or a network never changes the draws of
//! the others, and the order in which independent networks run cannot matter. A stream costs
//! eight bytes while closed (its word position); it is opened for the event that draws from it
//! and closed after, so a million nodes do not hold a million generator buffers. Opening computes
//! nothing: the first draw computes the one 64-byte ChaCha8 block it reads from ([`StreamRng`]),
//! the same keystream as `rand_chacha`'s `ChaCha8Rng` at that stream and word position.

mod chacha;
mod stream;

pub use stream::StreamRng;

/// The stream number of a network's own draws (its market, its chain), apart from its nodes.
pub const NETWORK_STREAM: u64 = u64::MAX;

/// The purposes a run draws randomness for; each gets an unrelated key, so that a protocol change
/// never shifts the failure draws and vice versa.
#[derive(Clone, Copy, Debug)]
pub enum Purpose {
    /// Draws made by the protocol model.
    Protocol,
    /// Independent hardware and home failures, and the choice of targets of partial outages.
    Faults,
}

/// One draw from the exponential distribution of mean 1, by inversion of one uniform draw
/// (`-ln(1 - u)`, `u` in [0, 1), so the logarithm is finite). Multiply by a mean or divide by a
/// rate: every exponential delay of the engine and the protocols (failures, repairs, job
/// arrivals, radio jitter) is drawn here, one uniform per draw, so changing how one caller scales
/// it never shifts another's stream.
pub fn standard_exponential<R: rand::Rng + ?Sized>(rng: &mut R) -> f64 {
    -(1.0 - rng.random::<f64>()).ln()
}

/// FNV-1a, a stable hash of a name: the same on every machine and in every version.
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// SplitMix64 step, used to spread a seed into a 256-bit key.
fn splitmix(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The seed of replicate `replicate` of point `point` of a sweep from base seed `base`: every run
/// of a sweep gets its own, recorded with its results, and the same on any machine or shard.
/// Below 2^63, so that it can be written back as a TOML integer (`seed = ...` in a scenario).
pub fn derive_seed(base: u64, point: u64, replicate: u64) -> u64 {
    let mut state = base;
    let a = splitmix(&mut state);
    let mut state = a ^ point.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let b = splitmix(&mut state);
    let mut state = b ^ replicate.wrapping_mul(0xc2b2_ae3d_27d4_eb4f);
    splitmix(&mut state) >> 1
}

/// The ChaCha key for a (seed, network, purpose): the network enters by name, not by position.
pub fn derive_key(seed: u64, network: &str, purpose: Purpose) -> [u8; 32] {
    let mut state =
        seed ^ stable_hash(network).rotate_left(17) ^ (purpose as u64 + 1).wrapping_mul(0xa076_1d64_78bd_642f);
    let mut key = [0u8; 32];
    for chunk in key.chunks_exact_mut(8) {
        chunk.copy_from_slice(&splitmix(&mut state).to_le_bytes());
    }
    key
}

/// The streams of one network for one purpose: a key and, per stream, how far it has been read.
#[derive(Clone, Debug)]
pub struct Streams {
    node_pos: Vec<u64>,
    network_pos: u64,
    /// The one generator, moved to the stream being read; it holds the key.
    rng: StreamRng,
    open: bool,
}

impl Streams {
    /// Streams for `nodes` nodes plus the network stream, all unread.
    pub fn new(key: [u8; 32], nodes: usize) -> Self {
        Streams { node_pos: vec![0; nodes], network_pos: 0, rng: StreamRng::new(&key, NETWORK_STREAM, 0), open: false }
    }

    /// The generator of `stream` (a node index or [`NETWORK_STREAM`]), positioned where its last
    /// use stopped. Opening another stream closes the open one first.
    pub fn get(&mut self, stream: u64) -> &mut StreamRng {
        if !(self.open && self.rng.stream() == stream) {
            self.close();
            let pos = self.pos(stream);
            self.rng.seek(stream, pos);
            self.open = true;
        }
        &mut self.rng
    }

    /// Remembers how far the open stream has been read, and closes it.
    pub fn close(&mut self) {
        if std::mem::take(&mut self.open) {
            let pos = self.rng.word_pos();
            match self.rng.stream() {
                NETWORK_STREAM => self.network_pos = pos,
                node => self.node_pos[node as usize] = pos,
            }
        }
    }

    fn pos(&self, stream: u64) -> u64 {
        match stream {
            NETWORK_STREAM => self.network_pos,
            node => self.node_pos[node as usize],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::{Rng, RngCore, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use std::collections::HashMap;

    proptest! {
        /// Streams read in any interleaving give what one `ChaCha8Rng` per stream, built as
        /// `Streams` built them before `StreamRng` (`from_seed`, `set_stream`, `set_word_pos`) and
        /// kept open, gives: reopening a stream continues it, whatever was read between.
        #[test]
        fn interleaved_streams_match_one_chacha8rng_per_stream(
            seed in any::<u64>(),
            draws in prop::collection::vec((prop_oneof![0..5u64, Just(NETWORK_STREAM)], 0..3u8, any::<bool>()), 0..200),
        ) {
            let key = derive_key(seed, "net", Purpose::Protocol);
            let mut streams = Streams::new(key, 5);
            let mut model: HashMap<u64, ChaCha8Rng> = HashMap::new();
            for (stream, kind, close) in draws {
                let theirs = model.entry(stream).or_insert_with(|| {
                    let mut rng = ChaCha8Rng::from_seed(key);
                    rng.set_stream(stream);
                    rng
                });
                let ours = streams.get(stream);
                match kind {
                    0 => prop_assert_eq!(ours.next_u32(), theirs.next_u32()),
                    1 => prop_assert_eq!(ours.next_u64(), theirs.next_u64()),
                    _ => prop_assert_eq!(ours.random::<f64>().to_bits(), theirs.random::<f64>().to_bits()),
                }
                if close {
                    streams.close();
                }
            }
        }
    }

    #[test]
    fn reopening_a_stream_continues_it() {
        let key = derive_key(7, "net", Purpose::Protocol);
        let mut a = Streams::new(key, 4);
        let mut b = Streams::new(key, 4);
        let first: Vec<u64> = (0..5).map(|_| a.get(2).random()).collect();
        a.get(1).random::<u64>(); // switching streams closes stream 2
        let next: u64 = a.get(2).random();
        let straight: Vec<u64> = (0..6).map(|_| b.get(2).random()).collect();
        assert_eq!(&straight[..5], &first[..]);
        assert_eq!(straight[5], next);
    }

    #[test]
    fn streams_are_independent_of_other_nodes_and_networks() {
        let key = derive_key(7, "net", Purpose::Protocol);
        let mut small = Streams::new(key, 2);
        let mut large = Streams::new(key, 1000);
        large.get(999).random::<u64>();
        assert_eq!(small.get(1).random::<u64>(), large.get(1).random::<u64>());
        let other = derive_key(7, "other", Purpose::Protocol);
        assert_ne!(Streams::new(other, 2).get(1).random::<u64>(), Streams::new(key, 2).get(1).random::<u64>());
        let faults = derive_key(7, "net", Purpose::Faults);
        assert_ne!(faults, key);
        assert_ne!(derive_key(8, "net", Purpose::Protocol), key);
    }

    #[test]
    fn derived_seeds_differ_by_point_and_replicate() {
        let seeds: Vec<u64> = (0..4).flat_map(|p| (0..4).map(move |r| derive_seed(1, p, r))).collect();
        let mut unique = seeds.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), seeds.len());
        assert_eq!(derive_seed(1, 2, 3), derive_seed(1, 2, 3));
        assert_ne!(derive_seed(1, 2, 3), derive_seed(2, 2, 3));
        assert!(seeds.iter().all(|s| *s <= i64::MAX as u64), "every seed fits a TOML integer");
    }

    #[test]
    fn stable_hash_is_fnv1a() {
        // FNV-1a 64 of "a" from the reference test vectors (draft-eastlake-fnv).
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn standard_exponential_has_mean_one_and_matches_its_closed_form() {
        let mut a = Streams::new(derive_key(3, "exp", Purpose::Protocol), 1);
        let n = 200_000;
        let draws: Vec<f64> = (0..n).map(|_| standard_exponential(a.get(0))).collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        // The sample mean of n unit exponentials has standard deviation 1/sqrt(n) (~0.0022).
        assert!((mean - 1.0).abs() < 0.01, "{mean}");
        // P(X > 1) = e^-1.
        let tail = draws.iter().filter(|x| **x > 1.0).count() as f64 / n as f64;
        assert!((tail - (-1f64).exp()).abs() < 0.005, "{tail}");
        assert!(draws.iter().all(|x| x.is_finite() && *x >= 0.0));
    }
}
