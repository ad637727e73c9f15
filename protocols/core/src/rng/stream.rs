//! [`StreamRng`]: one ChaCha8 stream read from any word position, one block at a time.
//!
//! The keystream is exactly `rand_chacha` 0.9's `ChaCha8Rng` after `from_seed(key)`,
//! `set_stream(stream)` and `set_word_pos(pos)`; what differs is the cost of getting there.
//! `ChaCha8Rng` computes a buffer of four blocks (64 words) on `set_word_pos`, of which an event's
//! handler reads a few words; this computes the one 16-word block the next word lies in, when a
//! word is read.
//!
//! The semantics follow `ChaCha8Rng` (rand_chacha 0.9, `src/chacha.rs`) and the `BlockRng` it reads
//! through (rand_core 0.9, `src/block.rs`): the stream is a sequence of 32-bit words, word `w`
//! being word `w % 16` of block `w / 16`; the word position counts the words read.
//!
//! - `next_u32` reads one word;
//! - `next_u64` reads two, the first as the low half, also across a block boundary;
//! - `fill_bytes` reads `ceil(n / 4)` words and writes their little-endian bytes, the last word
//!   cut to the bytes still wanted (its remaining bytes are discarded, not kept for the next call).

use super::chacha::{self, BLOCK_WORDS};
use rand::RngCore;
use std::fmt;

/// The block held while none is: no block index reaches it, since word positions are `u64`.
const NO_BLOCK: u64 = u64::MAX;

/// A ChaCha8 generator over one stream of one key, positioned at a word; see the module doc.
#[derive(Clone)]
pub struct StreamRng {
    key: [u32; 8],
    stream: u64,
    /// The next word to read.
    pos: u64,
    /// The index of the block in `buf`, or [`NO_BLOCK`].
    block: u64,
    buf: [u32; BLOCK_WORDS],
}

impl StreamRng {
    /// Stream `stream` of `key`, about to read word `word_pos`. Computes nothing until a draw.
    pub fn new(key: &[u8; 32], stream: u64, word_pos: u64) -> Self {
        StreamRng { key: chacha::key_words(key), stream, pos: word_pos, block: NO_BLOCK, buf: [0; BLOCK_WORDS] }
    }

    /// How many words of the stream have been read (`ChaCha8Rng::get_word_pos`).
    pub fn word_pos(&self) -> u64 {
        self.pos
    }

    /// The stream id.
    pub fn stream(&self) -> u64 {
        self.stream
    }

    /// Moves to word `word_pos` of stream `stream` of the same key. The block held stays if it is
    /// still the one to read from (same stream, same block): a block depends only on key, stream
    /// and block index.
    pub fn seek(&mut self, stream: u64, word_pos: u64) {
        if stream != self.stream {
            self.stream = stream;
            self.block = NO_BLOCK;
        }
        self.pos = word_pos;
    }

    #[inline]
    fn next_word(&mut self) -> u32 {
        let block = self.pos / BLOCK_WORDS as u64;
        if block != self.block {
            self.buf = chacha::block(&self.key, block, self.stream);
            self.block = block;
        }
        let word = self.buf[(self.pos % BLOCK_WORDS as u64) as usize];
        // 2^64 words (a ZiB of draws) are never read; wrapping keeps the arithmetic total.
        self.pos = self.pos.wrapping_add(1);
        word
    }
}

impl RngCore for StreamRng {
    #[inline]
    fn next_u32(&mut self) -> u32 {
        self.next_word()
    }

    #[inline]
    fn next_u64(&mut self) -> u64 {
        let low = self.next_word() as u64;
        let high = self.next_word() as u64;
        (high << 32) | low
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(4) {
            let bytes = self.next_word().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

/// Shows the stream and position, not the key or the block.
impl fmt::Debug for StreamRng {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamRng").field("stream", &self.stream).field("word_pos", &self.pos).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// `rand_chacha`'s generator in the state `StreamRng::new(key, stream, pos)` stands for.
    fn reference(key: [u8; 32], stream: u64, pos: u64) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::from_seed(key);
        rng.set_stream(stream);
        rng.set_word_pos(pos as u128);
        rng
    }

    #[derive(Clone, Debug)]
    enum Op {
        U32,
        U64,
        Bytes(usize),
        /// Moves both generators to another stream and position (the reference afresh).
        Seek(u64, u64),
    }

    fn stream_id() -> impl Strategy<Value = u64> {
        prop_oneof![Just(0), Just(1), Just(u64::MAX), 0..1000u64, any::<u64>()]
    }

    /// Word positions near block boundaries and far out (the reads after them stay below 2^64).
    fn word_pos() -> impl Strategy<Value = u64> {
        prop_oneof![0..64u64, (0..1u64 << 56, 0..16u64).prop_map(|(b, w)| b * 16 + w), 0..u64::MAX / 2]
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => Just(Op::U32),
            4 => Just(Op::U64),
            3 => (0..80usize).prop_map(Op::Bytes),
            1 => (stream_id(), word_pos()).prop_map(|(s, p)| Op::Seek(s, p)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn same_output_as_chacha8rng(
            key in any::<[u8; 32]>(),
            stream in stream_id(),
            pos in word_pos(),
            ops in prop::collection::vec(op(), 0..60),
        ) {
            let mut ours = StreamRng::new(&key, stream, pos);
            let mut theirs = reference(key, stream, pos);
            for op in ops {
                match op {
                    Op::U32 => prop_assert_eq!(ours.next_u32(), theirs.next_u32()),
                    Op::U64 => prop_assert_eq!(ours.next_u64(), theirs.next_u64()),
                    Op::Bytes(n) => {
                        let (mut a, mut b) = (vec![0u8; n], vec![0u8; n]);
                        ours.fill_bytes(&mut a);
                        theirs.fill_bytes(&mut b);
                        prop_assert_eq!(a, b);
                    }
                    Op::Seek(s, p) => {
                        ours.seek(s, p);
                        theirs = reference(key, s, p);
                    }
                }
                prop_assert_eq!(ours.word_pos() as u128, theirs.get_word_pos());
                prop_assert_eq!(ours.stream(), theirs.get_stream());
            }
        }
    }

    #[test]
    fn next_u64_across_a_block_boundary_and_odd_positions() {
        let key = [9u8; 32];
        for pos in [0, 1, 14, 15, 16, 17, 31, 63, 64, 65, 1_000_003] {
            let (mut ours, mut theirs) = (StreamRng::new(&key, 5, pos), reference(key, 5, pos));
            for _ in 0..40 {
                assert_eq!(ours.next_u64(), theirs.next_u64(), "from word {pos}");
            }
            assert_eq!(ours.word_pos() as u128, theirs.get_word_pos());
        }
    }

    #[test]
    fn a_partial_word_of_fill_bytes_is_spent() {
        let key = [3u8; 32];
        let (mut ours, mut theirs) = (StreamRng::new(&key, 0, 15), reference(key, 0, 15));
        let (mut a, mut b) = ([0u8; 5], [0u8; 5]);
        ours.fill_bytes(&mut a);
        theirs.fill_bytes(&mut b);
        assert_eq!(a, b);
        assert_eq!(ours.word_pos(), 17);
        assert_eq!(ours.next_u32(), theirs.next_u32());
    }

    #[test]
    fn seeking_back_into_the_held_block_reads_it_again() {
        let key = [1u8; 32];
        let mut rng = StreamRng::new(&key, 2, 3);
        let first = rng.next_u32();
        rng.seek(7, 3);
        assert_eq!(rng.next_u32(), reference(key, 7, 3).next_u32());
        rng.seek(2, 3);
        assert_eq!(rng.next_u32(), first);
    }
}
