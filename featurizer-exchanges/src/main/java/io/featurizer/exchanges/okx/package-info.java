/**
 * OKX v5 public market data: {@link io.featurizer.exchanges.okx.OkxProtocol} (client side: subscribe
 * frames, {@link io.featurizer.exchanges.okx.OkxDecoder}, {@link io.featurizer.exchanges.okx.OkxBookSync},
 * the CRC32 book checksum) and {@link io.featurizer.exchanges.okx.OkxEncoder} (the simulator's side).
 *
 * <p>The checksum is defined over the venue's decimal strings while books keep doubles; both sides
 * write a double back with {@link io.featurizer.exchanges.okx.OkxDecimal} (the shortest plain decimal
 * that round-trips), which reproduces OKX's canonical strings exactly. The decoder holds back checksums
 * it could not reproduce (non-canonical strings such as {@code "0.10"}, and the 0 OKX sends once the
 * field is deprecated).
 */
package io.featurizer.exchanges.okx;
