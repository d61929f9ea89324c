//! ggml block quantisation of weight rows, bit-exact with ggml's reference
//! `quantize_row_q8_0_ref` and `quantize_row_q5_1_ref`, so whisper.cpp reads
//! our converted files as if its own `quantize` tool had made them.
//!
//! Both formats cut a row into blocks of 32 values:
//! - Q8_0 (34 bytes): f16 scale `d = max|x| / 127`, then 32 × i8 `round(x / d)`.
//! - Q5_1 (24 bytes): f16 scale `d = (max - min) / 31`, f16 `min`, a u32 of
//!   the 32 high bits, then 16 bytes of low nibbles (value j in the low
//!   nibble of byte j, value j + 16 in its high nibble).

use half::f16;

pub const BLOCK: usize = 32;
pub const Q8_0_BYTES: usize = 34;
pub const Q5_1_BYTES: usize = 24;

pub fn quantize_q8_0(row: &[f32], out: &mut Vec<u8>) {
    assert_eq!(row.len() % BLOCK, 0, "row length must be a multiple of 32");
    for block in row.chunks_exact(BLOCK) {
        let amax = block.iter().fold(0f32, |m, v| m.max(v.abs()));
        let d = amax / 127.0;
        let id = if d != 0.0 { 1.0 / d } else { 0.0 };
        out.extend(f16::from_f32(d).to_le_bytes());
        out.extend(block.iter().map(|&v| (v * id).round() as i8 as u8));
    }
}

pub fn quantize_q5_1(row: &[f32], out: &mut Vec<u8>) {
    assert_eq!(row.len() % BLOCK, 0, "row length must be a multiple of 32");
    for block in row.chunks_exact(BLOCK) {
        let min = block.iter().copied().fold(f32::INFINITY, f32::min);
        let max = block.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let d = (max - min) / 31.0;
        let id = if d != 0.0 { 1.0 / d } else { 0.0 };
        let mut qh = 0u32;
        let mut qs = [0u8; BLOCK / 2];
        for j in 0..BLOCK / 2 {
            let lo = ((block[j] - min) * id + 0.5) as u8;
            let hi = ((block[j + BLOCK / 2] - min) * id + 0.5) as u8;
            qs[j] = (lo & 0x0f) | ((hi & 0x0f) << 4);
            qh |= (((lo & 0x10) >> 4) as u32) << j;
            qh |= (((hi & 0x10) >> 4) as u32) << (j + BLOCK / 2);
        }
        out.extend(f16::from_f32(d).to_le_bytes());
        out.extend(f16::from_f32(min).to_le_bytes());
        out.extend(qh.to_le_bytes());
        out.extend(qs);
    }
}

#[cfg(test)]
fn f16_at(b: &[u8], i: usize) -> f32 {
    f16::from_le_bytes([b[i], b[i + 1]]).to_f32()
}

#[cfg(test)]
pub fn dequantize_q8_0(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(Q8_0_BYTES)
        .flat_map(|b| {
            let d = f16_at(b, 0);
            b[2..].iter().map(move |&q| q as i8 as f32 * d)
        })
        .collect()
}

#[cfg(test)]
pub fn dequantize_q5_1(bytes: &[u8]) -> Vec<f32> {
    let mut out = Vec::new();
    for b in bytes.chunks_exact(Q5_1_BYTES) {
        let (d, m) = (f16_at(b, 0), f16_at(b, 2));
        let qh = u32::from_le_bytes(b[4..8].try_into().unwrap());
        let qs = &b[8..];
        let mut block = [0f32; BLOCK];
        for j in 0..BLOCK / 2 {
            let lo = (qs[j] & 0x0f) as u32 | ((qh >> j) & 1) << 4;
            let hi = (qs[j] >> 4) as u32 | ((qh >> (j + 16)) & 1) << 4;
            block[j] = lo as f32 * d + m;
            block[j + 16] = hi as f32 * d + m;
        }
        out.extend(block);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wave(n: usize) -> Vec<f32> {
        (0..n).map(|i| ((i as f32) * 0.37).sin() * 0.05 + (i % 7) as f32 * 1e-3).collect()
    }

    /// Quantises a 256-value wave, checks the size, and that each value
    /// comes back within half of its block's step (give or take `slack`).
    fn assert_round_trip(
        quantize: fn(&[f32], &mut Vec<u8>),
        dequantize: fn(&[u8]) -> Vec<f32>,
        block_bytes: usize,
        step_of: fn(&[f32]) -> f32,
        slack: fn(f32) -> f32,
    ) -> Vec<u8> {
        let row = wave(256);
        let mut bytes = Vec::new();
        quantize(&row, &mut bytes);
        assert_eq!(bytes.len(), 256 / BLOCK * block_bytes);
        for (block, back) in row.chunks(BLOCK).zip(dequantize(&bytes).chunks(BLOCK)) {
            let step = step_of(block);
            for (a, b) in block.iter().zip(back) {
                assert!((a - b).abs() <= step * 0.51 + slack(step), "{a} vs {b}");
            }
        }
        bytes
    }

    #[test]
    fn q8_0_round_trips_within_half_a_step() {
        let absmax_step = |block: &[f32]| block.iter().fold(0f32, |m, v| m.max(v.abs())) / 127.0;
        assert_round_trip(quantize_q8_0, dequantize_q8_0, Q8_0_BYTES, absmax_step, |_| 1e-6);
    }

    #[test]
    fn q5_1_round_trips_within_half_a_step_and_uses_the_high_bit() {
        let range_step = |block: &[f32]| {
            let (lo, hi) = block.iter().fold((f32::MAX, f32::MIN), |(l, h), &v| (l.min(v), h.max(v)));
            (hi - lo) / 31.0
        };
        let bytes =
            assert_round_trip(quantize_q5_1, dequantize_q5_1, Q5_1_BYTES, range_step, |step| 1e-3 * step.max(1e-3));
        assert!(bytes.chunks(Q5_1_BYTES).any(|b| b[4..8] != [0, 0, 0, 0]));
    }

    #[test]
    fn constant_block_quantises_without_dividing_by_zero() {
        let mut bytes = Vec::new();
        quantize_q5_1(&[0.25; 32], &mut bytes);
        quantize_q8_0(&[0.0; 32], &mut bytes);
        assert!(dequantize_q5_1(&bytes[..Q5_1_BYTES]).iter().all(|&v| (v - 0.25).abs() < 1e-3));
        assert!(dequantize_q8_0(&bytes[Q5_1_BYTES..]).iter().all(|&v| v == 0.0));
    }
}
