//! The ChaCha block function with 8 rounds, one 64-byte block at a time.
//!
//! Written from D. J. Bernstein, *ChaCha, a variant of Salsa20* (2008, <https://cr.yp.to/chacha.html>)
//! in its original layout, the one `rand_chacha` 0.9 uses (its `ChaCha8Rng` documents the same
//! table): the input is sixteen 32-bit words
//!
//! ```text
//! constant  constant  constant  constant     "expand 32-byte k"
//! key       key       key       key          key bytes 0..16, little-endian words
//! key       key       key       key          key bytes 16..32
//! counter   counter   stream    stream       64-bit block counter, 64-bit stream id (low word first)
//! ```
//!
//! Eight rounds (four double rounds: a column round, then a diagonal round) of the quarter round
//! `a += b; d ^= a; d <<<= 16; c += d; b ^= c; b <<<= 12; a += b; d ^= a; d <<<= 8; c += d;
//! b ^= c; b <<<= 7`, then the input is added word by word to the result. The block's 64 output
//! bytes are its sixteen words in little-endian order.

/// The four constant words, "expand 32-byte k" read as little-endian words.
const SIGMA: [u32; 4] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574];

/// Double rounds: ChaCha8 is four of them.
const DOUBLE_ROUNDS: usize = 4;

/// Words in a block.
pub const BLOCK_WORDS: usize = 16;

/// A 256-bit key as the eight little-endian words of the input's second and third rows.
pub fn key_words(key: &[u8; 32]) -> [u32; 8] {
    let mut words = [0u32; 8];
    for (w, bytes) in words.iter_mut().zip(key.chunks_exact(4)) {
        *w = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    }
    words
}

#[inline(always)]
fn quarter_round(x: &mut [u32; BLOCK_WORDS], a: usize, b: usize, c: usize, d: usize) {
    x[a] = x[a].wrapping_add(x[b]);
    x[d] = (x[d] ^ x[a]).rotate_left(16);
    x[c] = x[c].wrapping_add(x[d]);
    x[b] = (x[b] ^ x[c]).rotate_left(12);
    x[a] = x[a].wrapping_add(x[b]);
    x[d] = (x[d] ^ x[a]).rotate_left(8);
    x[c] = x[c].wrapping_add(x[d]);
    x[b] = (x[b] ^ x[c]).rotate_left(7);
}

/// Block `counter` of stream `stream` under `key`: sixteen output words, in keystream order.
#[inline]
pub fn block(key: &[u32; 8], counter: u64, stream: u64) -> [u32; BLOCK_WORDS] {
    let input = [
        SIGMA[0],
        SIGMA[1],
        SIGMA[2],
        SIGMA[3],
        key[0],
        key[1],
        key[2],
        key[3],
        key[4],
        key[5],
        key[6],
        key[7],
        counter as u32,
        (counter >> 32) as u32,
        stream as u32,
        (stream >> 32) as u32,
    ];
    let mut x = input;
    for _ in 0..DOUBLE_ROUNDS {
        // Columns.
        quarter_round(&mut x, 0, 4, 8, 12);
        quarter_round(&mut x, 1, 5, 9, 13);
        quarter_round(&mut x, 2, 6, 10, 14);
        quarter_round(&mut x, 3, 7, 11, 15);
        // Diagonals.
        quarter_round(&mut x, 0, 5, 10, 15);
        quarter_round(&mut x, 1, 6, 11, 12);
        quarter_round(&mut x, 2, 7, 8, 13);
        quarter_round(&mut x, 3, 4, 9, 14);
    }
    for (out, inp) in x.iter_mut().zip(input) {
        *out = out.wrapping_add(inp);
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    fn bytes(words: [u32; BLOCK_WORDS]) -> Vec<u8> {
        words.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    /// Checks the first two keystream blocks (counter 0 and 1) of a key and 64-bit IV; the IV is
    /// the stream id, its bytes read little-endian as rows' words are.
    fn known_answer(key: &str, iv: &str, block0: &str, block1: &str) {
        let key: [u8; 32] = hex(key).try_into().unwrap();
        let stream = u64::from_le_bytes(hex(iv).try_into().unwrap());
        let k = key_words(&key);
        assert_eq!(bytes(block(&k, 0, stream)), hex(block0));
        assert_eq!(bytes(block(&k, 1, stream)), hex(block1));
    }

    // Known answers from J. Strombergson, *Test Vectors for the Stream Cipher ChaCha*, IETF
    // Internet-Draft draft-strombergson-chacha-test-vectors (2013,
    // https://datatracker.ietf.org/doc/html/draft-strombergson-chacha-test-vectors-00), the vectors
    // for 8 rounds and a 256-bit key: keystream blocks 1 and 2 of test cases TC1 (all-zero key and
    // IV), TC7 (sequence patterns) and TC8 (random key and IV).

    #[test]
    fn tc1_all_zero_key_and_iv() {
        known_answer(
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0000000000000000",
            "3e00ef2f895f40d67f5bb8e81f09a5a12c840ec3ce9a7f3b181be188ef711a1e\
             984ce172b9216f419f445367456d5619314a42a3da86b001387bfdb80e0cfe42",
            "d2aefa0deaa5c151bf0adb6c01f2a5adc0fd581259f9a2aadcf20f8fd566a26b\
             5032ec38bbc5da98ee0c6f568b872a65a08abf251deb21bb4b56e5d8821e68aa",
        );
    }

    #[test]
    fn tc7_sequence_patterns_in_key_and_iv() {
        known_answer(
            "00112233445566778899aabbccddeeffffeeddccbbaa99887766554433221100",
            "0f1e2d3c4b5a6978",
            "db43ad9d1e842d1272e4530e276b3f568f8859b3f7cf6d9d2c74fa53808cb515\
             7a8ebf46ad3dcc4b6c7dadde131784b0120e0e22f6d5f9ffa7407d4a21b695d9",
            "c5dd30bf55612fab9bdd118920c19816470c7f5dcd42325dbbed8c57a56281c1\
             44cb0f03e81b3004624e0650a1ce5afaf9a7cd8163f6dbd72602257dd96e471e",
        );
    }

    #[test]
    fn tc8_random_key_and_iv() {
        known_answer(
            "c46ec1b18ce8a878725a37e780dfb7351f68ed2e194c79fbc6aebee1a667975d",
            "1ada31d5cf688221",
            "838751b42d8ddd8a3d77f48825a2ba752cf4047cb308a5978ef274973be374c9\
             6ad848065871417b08f034e681fe46a93f7d5c61d1306614d4aaf257a7cff08b",
            "16f2fda170cc18a4b58a2667ed962774af792a6e7f3c77992540711a7a136d7e\
             8a2f8d3f93816709d45a3fa5f8ce72fde15be7b841acba3a2abd557228d9fe4f",
        );
    }

    #[test]
    fn counter_carries_into_its_high_word() {
        // Block 2^32 has counter words (0, 1): not block 0 again.
        let k = key_words(&[7; 32]);
        assert_ne!(block(&k, 1 << 32, 0), block(&k, 0, 0));
        assert_ne!(block(&k, 0, 1 << 32), block(&k, 0, 0));
    }
}
