/**
 * The WebAssembly text of the payout tree's Keccak-256 kernel, generated here and assembled by
 * `oracle/scripts/generateKeccakKernel.ts` into `keccakKernelWasm.ts`.
 *
 * A tree hashes three times per leaf, and at a million leaves a JavaScript call per hash costs more than
 * the permutation itself (the wrapper's copies, a fresh digest array each time, its collection). The
 * kernel hashes every leaf and every internal node inside one call each, in WebAssembly memory the tree
 * reads directly. Keccak-f[1600] runs with the 25 lanes in locals, one round's straight-line code looped 24
 * times; the ρ/π cycle and the round constants are derived from the specification's definitions (FIPS 202,
 * 3.2.2, 3.2.3 and 3.2.5) rather than typed in, and the result is tested against @noble/hashes.
 *
 * Memory layout (bytes): the state's 25 lanes at {@link STATE} (messages of more than one block only), a
 * 136-byte block for a padded tail at {@link BLOCK}, a 32-byte inner hash at {@link INNER}, the round
 * constants at 768; callers' data from {@link DATA} on.
 */

/** Where the 200-byte state lives. */
export const STATE = 0;
/** A rate-sized block where a message's last, padded block is assembled. */
export const BLOCK = 256;
/** The inner hash of a leaf's double hash. */
export const INNER = 512;
/** The first byte callers may use. */
export const DATA = 1024;
/** Keccak-256's rate: 1088 bits. */
const RATE = 136;

const lane = (x: number, y: number): number => (x % 5) + 5 * (y % 5);

/**
 * The walk of ρ and π (FIPS 202, Algorithm 2 and 3.2.3) as one in-place cycle: starting from lane 1, the
 * lane the t-th step writes and the rotation it applies to the value carried from the step before.
 */
function rhoPiCycle(): { lanes: number[]; rotations: number[] } {
  const lanes: number[] = [];
  const rotations: number[] = [];
  let [x, y] = [1, 0];
  for (let t = 0; t < 24; t++) {
    rotations.push((((t + 1) * (t + 2)) / 2) % 64);
    [x, y] = [y, (2 * x + 3 * y) % 5];
    lanes.push(lane(x, y));
  }
  return { lanes, rotations };
}

/** rc(t) of FIPS 202, Algorithm 5: an LFSR over x^8 + x^6 + x^5 + x^4 + 1. */
function rcBit(t: number): bigint {
  let r = 1;
  for (let i = 0; i < t % 255; i++) {
    r <<= 1;
    if (r & 0x100) r ^= 0x171;
  }
  return BigInt(r & 1);
}

/** The 24 round constants ι adds to lane 0 (FIPS 202, Algorithm 6). */
export function roundConstants(): bigint[] {
  return Array.from({ length: 24 }, (_, round) => {
    let rc = 0n;
    for (let j = 0; j <= 6; j++) rc |= rcBit(j + 7 * round) << BigInt(2 ** j - 1);
    return rc;
  });
}

/** An i64 constant as WebAssembly text writes it: signed decimal. */
const i64 = (value: bigint): string => BigInt.asIntN(64, value).toString();

/** A 32-bit word's bytes reversed (WebAssembly has no byte swap): a big-endian load from a little-endian one. */
const bswap = (x: string): string =>
  `(i32.or (i32.and (i32.rotl ${x} (i32.const 8)) (i32.const 0x00ff00ff)) (i32.and (i32.rotr ${x} (i32.const 8)) (i32.const 0xff00ff00)))`;

/**
 * The sorts' counting passes, run in the kernel because a tree runs them once, cold: in JavaScript their loops
 * would run interpreted for much of that one run, in WebAssembly they are compiled before the tree starts.
 *
 * `radixOrder` is ./radixOrder.ts's stable least-significant-digit sort of `count` 32-bit keys at `keys` by 11, 11
 * and 10 bits: at `work`, the three digits' 2048 starts, then keys and indices twice over (`count` words each);
 * the sorted keys and their indices end in the first pair. `bucketScatter` is ./sortHashes.ts's first pass: the
 * `count` hashes at `from` counted by their first `32 - shift` bits into `starts` (buckets + 1 words, where
 * each bucket's positions start), then each copied to its bucket's next slot (position k at slot
 * `count - 1 - k` from `to`), its index and 4-byte big-endian prefix at `order` and `prefixes` by position;
 * `next` (buckets words) is scratch.
 */
const SORT_TEXT = `(func $radixScatter (param $in i32) (param $orderIn i32) (param $out i32) (param $orderOut i32)
    (param $count i32) (param $starts i32) (param $shift i32)
    (local $j i32) (local $key i32) (local $slot i32) (local $k i32)
    (block $done (loop $keys
      (br_if $done (i32.ge_u (local.get $j) (local.get $count)))
      (local.set $key (i32.load (i32.add (local.get $in) (i32.shl (local.get $j) (i32.const 2)))))
      (local.set $slot (i32.add (local.get $starts)
        (i32.shl (i32.and (i32.shr_u (local.get $key) (local.get $shift)) (i32.const 2047)) (i32.const 2))))
      (local.set $k (i32.load (local.get $slot)))
      (i32.store (local.get $slot) (i32.add (local.get $k) (i32.const 1)))
      (i32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))) (local.get $key))
      (i32.store (i32.add (local.get $orderOut) (i32.shl (local.get $k) (i32.const 2)))
        (if (result i32) (i32.eqz (local.get $orderIn))
          (then (local.get $j))
          (else (i32.load (i32.add (local.get $orderIn) (i32.shl (local.get $j) (i32.const 2)))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $keys))))

  (func (export "radixOrder") (param $keys i32) (param $count i32) (param $work i32)
    (local $j i32) (local $key i32) (local $d i32) (local $sum i32) (local $size i32) (local $a i32) (local $b i32)
    (memory.fill (local.get $work) (i32.const 0) (i32.const ${4 * 3 * 2048}))
    (block $counted (loop $count
      (br_if $counted (i32.ge_u (local.get $j) (local.get $count)))
      (local.set $key (i32.load (i32.add (local.get $keys) (i32.shl (local.get $j) (i32.const 2)))))
      (local.set $a (i32.add (local.get $work) (i32.shl (i32.and (local.get $key) (i32.const 2047)) (i32.const 2))))
      (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
      (local.set $a (i32.add (local.get $work)
        (i32.shl (i32.and (i32.shr_u (local.get $key) (i32.const 11)) (i32.const 2047)) (i32.const 2))))
      (i32.store offset=${4 * 2048} (local.get $a) (i32.add (i32.load offset=${4 * 2048} (local.get $a)) (i32.const 1)))
      (local.set $a (i32.add (local.get $work) (i32.shl (i32.shr_u (local.get $key) (i32.const 22)) (i32.const 2))))
      (i32.store offset=${8 * 2048} (local.get $a) (i32.add (i32.load offset=${8 * 2048} (local.get $a)) (i32.const 1)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $count)))
    (block $summed (loop $digits
      (br_if $summed (i32.ge_u (local.get $d) (i32.const ${3 * 2048})))
      (if (i32.eqz (i32.and (local.get $d) (i32.const 2047))) (then (local.set $sum (i32.const 0))))
      (local.set $a (i32.add (local.get $work) (i32.shl (local.get $d) (i32.const 2))))
      (local.set $size (i32.load (local.get $a)))
      (i32.store (local.get $a) (local.get $sum))
      (local.set $sum (i32.add (local.get $sum) (local.get $size)))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (br $digits)))
    (local.set $a (i32.add (local.get $work) (i32.const ${4 * 3 * 2048})))
    (local.set $b (i32.add (local.get $a) (i32.shl (local.get $count) (i32.const 3))))
    (call $radixScatter (local.get $keys) (i32.const 0) (local.get $a)
      (i32.add (local.get $a) (i32.shl (local.get $count) (i32.const 2))) (local.get $count) (local.get $work) (i32.const 0))
    (call $radixScatter (local.get $a) (i32.add (local.get $a) (i32.shl (local.get $count) (i32.const 2))) (local.get $b)
      (i32.add (local.get $b) (i32.shl (local.get $count) (i32.const 2))) (local.get $count)
      (i32.add (local.get $work) (i32.const ${4 * 2048})) (i32.const 11))
    (call $radixScatter (local.get $b) (i32.add (local.get $b) (i32.shl (local.get $count) (i32.const 2))) (local.get $a)
      (i32.add (local.get $a) (i32.shl (local.get $count) (i32.const 2))) (local.get $count)
      (i32.add (local.get $work) (i32.const ${8 * 2048})) (i32.const 22)))

  (func (export "bucketScatter") (param $from i32) (param $count i32) (param $to i32) (param $shift i32)
    (param $starts i32) (param $next i32) (param $order i32) (param $prefixes i32)
    (local $i i32) (local $prefix i32) (local $a i32) (local $k i32) (local $buckets i32) (local $sum i32)
    (local $src i32) (local $dst i32)
    (local.set $buckets (i32.shr_u (i32.const -1) (local.get $shift)))
    (memory.fill (local.get $starts) (i32.const 0) (i32.shl (i32.add (local.get $buckets) (i32.const 2)) (i32.const 2)))
    (block $counted (loop $count
      (br_if $counted (i32.ge_u (local.get $i) (local.get $count)))
      (local.set $prefix ${bswap("(i32.load (i32.add (local.get $from) (i32.shl (local.get $i) (i32.const 5))))")})
      (local.set $a (i32.add (local.get $starts) (i32.shl (i32.shr_u (local.get $prefix) (local.get $shift)) (i32.const 2))))
      (i32.store offset=4 (local.get $a) (i32.add (i32.load offset=4 (local.get $a)) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $count)))
    ;; $buckets holds the bucket count less one: prefix sums over entries 1 to buckets.
    (local.set $i (i32.const 0))
    (block $summed (loop $sums
      (br_if $summed (i32.gt_u (local.get $i) (local.get $buckets)))
      (local.set $a (i32.add (local.get $starts) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $sum (i32.add (local.get $sum) (i32.load offset=4 (local.get $a))))
      (i32.store offset=4 (local.get $a) (local.get $sum))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $sums)))
    (memory.copy (local.get $next) (local.get $starts) (i32.shl (i32.add (local.get $buckets) (i32.const 1)) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $scattered (loop $scatter
      (br_if $scattered (i32.ge_u (local.get $i) (local.get $count)))
      (local.set $src (i32.add (local.get $from) (i32.shl (local.get $i) (i32.const 5))))
      (local.set $prefix ${bswap("(i32.load (local.get $src))")})
      (local.set $a (i32.add (local.get $next) (i32.shl (i32.shr_u (local.get $prefix) (local.get $shift)) (i32.const 2))))
      (local.set $k (i32.load (local.get $a)))
      (i32.store (local.get $a) (i32.add (local.get $k) (i32.const 1)))
      (i32.store (i32.add (local.get $order) (i32.shl (local.get $k) (i32.const 2))) (local.get $i))
      (i32.store (i32.add (local.get $prefixes) (i32.shl (local.get $k) (i32.const 2))) (local.get $prefix))
      (local.set $dst (i32.add (local.get $to)
        (i32.shl (i32.sub (i32.sub (local.get $count) (i32.const 1)) (local.get $k)) (i32.const 5))))
      (i64.store (local.get $dst) (i64.load (local.get $src)))
      (i64.store offset=8 (local.get $dst) (i64.load offset=8 (local.get $src)))
      (i64.store offset=16 (local.get $dst) (i64.load offset=16 (local.get $src)))
      (i64.store offset=24 (local.get $dst) (i64.load offset=24 (local.get $src)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $scatter))))`;

/** Where the round constants live (a data segment), 8 bytes each. */
const ROUND_CONSTANTS = 768;

/** The locals a permutation works in: the 25 lanes, five column parities or row lanes, and carries. */
const PERMUTATION_LOCALS = [
  ...Array.from({ length: 25 }, (_, i) => `(local $a${i} i64)`),
  ...Array.from({ length: 5 }, (_, x) => `(local $c${x} i64)`),
  "(local $d i64) (local $t i64) (local $u i64) (local $round i32)",
].join(" ");

/**
 * Keccak-f[1600]'s 24 rounds over the lanes in locals `$a0`..`$a24`: one round's straight-line code in a
 * loop over the round constants. ρ and π move lanes along one cycle with a single carry, so no second
 * set of 25 lanes is live (fewer spills than the textbook B array).
 */
function rounds(): string {
  const { lanes, rotations } = rhoPiCycle();
  const a = (i: number): string => `(local.get $a${i})`;
  const lines: string[] = ["(local.set $round (i32.const 0))", "(loop $rounds"];
  // θ: each column's parity, folded into both neighbouring columns.
  for (let x = 0; x < 5; x++) {
    const column = [0, 1, 2, 3, 4].map((y) => a(lane(x, y)));
    lines.push(
      `(local.set $c${x} (i64.xor (i64.xor (i64.xor (i64.xor ${column[0]} ${column[1]}) ${column[2]}) ${column[3]}) ${column[4]}))`,
    );
  }
  for (let x = 0; x < 5; x++) {
    lines.push(
      `(local.set $d (i64.xor (local.get $c${(x + 4) % 5}) (i64.rotl (local.get $c${(x + 1) % 5}) (i64.const 1))))`,
    );
    for (let y = 0; y < 5; y++) lines.push(`(local.set $a${lane(x, y)} (i64.xor ${a(lane(x, y))} (local.get $d)))`);
  }
  // ρ and π along the cycle.
  lines.push(`(local.set $t ${a(1)})`);
  lanes.forEach((to, step) => {
    lines.push(`(local.set $u ${a(to)})`);
    lines.push(`(local.set $a${to} (i64.rotl (local.get $t) (i64.const ${rotations[step]})))`);
    lines.push("(local.set $t (local.get $u))");
  });
  // χ row by row, then ι on lane 0.
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) lines.push(`(local.set $c${x} ${a(lane(x, y))})`);
    for (let x = 0; x < 5; x++) {
      const c = (dx: number): string => `(local.get $c${(x + dx) % 5})`;
      lines.push(`(local.set $a${lane(x, y)} (i64.xor ${c(0)} (i64.and (i64.xor ${c(1)} (i64.const -1)) ${c(2)})))`);
    }
  }
  lines.push(
    `(local.set $a0 (i64.xor ${a(0)} (i64.load offset=${ROUND_CONSTANTS} (i32.shl (local.get $round) (i32.const 3)))))`,
    "(local.set $round (i32.add (local.get $round) (i32.const 1)))",
    "(br_if $rounds (i32.lt_u (local.get $round) (i32.const 24))))",
  );
  return lines.join("\n    ");
}

/** Lines that write the digest (lanes 0 to 3) to `out` (an i32 local). */
function squeeze(out: string): string {
  return Array.from({ length: 4 }, (_, k) => `(i64.store offset=${8 * k} (local.get ${out}) (local.get $a${k}))`).join(
    "\n    ",
  );
}

/** The round constants as a data segment string. */
function roundConstantData(): string {
  const bytes = Buffer.alloc(8 * 24);
  for (const [i, rc] of roundConstants().entries()) bytes.writeBigUInt64LE(rc, 8 * i);
  return [...bytes].map((b) => `\\${b.toString(16).padStart(2, "0")}`).join("");
}

/** Lines that load lanes 0 to 24 from `lane(i)` expressions. */
function loadLanes(lane: (i: number) => string): string {
  return Array.from({ length: 25 }, (_, i) => `(local.set $a${i} ${lane(i)})`).join("\n    ");
}

/** Keccak's pad10*1 with the 0x01 domain byte (not SHA-3's 0x06): its last byte, as lane 16 holds it. */
const PAD_END = i64(0x80n << 56n);

/** The kernel's WebAssembly text. Exports `memory`, `hash`, `leafHashes`, `internalNodes`, `radixOrder` and `bucketScatter`. */
export function keccakKernelText(): string {
  const state = (i: number): string => `(i64.load offset=${STATE + 8 * i} (i32.const 0))`;
  return `(module
  (memory (export "memory") 1)
  (data (i32.const ${ROUND_CONSTANTS}) "${roundConstantData()}")

  ;; The state in memory, for messages of more than one block.
  (func $permute ${PERMUTATION_LOCALS}
    ${loadLanes(state)}
    ${rounds()}
    ${Array.from({ length: 25 }, (_, i) => `(i64.store offset=${STATE + 8 * i} (i32.const 0) (local.get $a${i}))`).join("\n    ")})

  ;; keccak256 of a message of whole lanes shorter than a block (every leaf and inner hash of a payout tree),
  ;; absorbed straight into locals: lanes past the message are zero, then the padding.
  (func $hashShort (param $data i32) (param $lanes i32) (param $out i32) ${PERMUTATION_LOCALS}
    ${loadLanes(
      (i) =>
        `(i64.xor (select (i64.load offset=${8 * i} (local.get $data)) (i64.const 0) (i32.gt_u (local.get $lanes) (i32.const ${i}))) (select (i64.const 1) (i64.const 0) (i32.eq (local.get $lanes) (i32.const ${i}))))`,
    )}
    (local.set $a16 (i64.xor (local.get $a16) (i64.const ${PAD_END})))
    ${rounds()}
    ${squeeze("$out")})

  ;; keccak256 of any message: whole blocks absorbed into the state in memory, the tail padded in BLOCK.
  (func $hashLong (param $data i32) (param $length i32) (param $out i32) (local $k i32)
    (memory.fill (i32.const ${STATE}) (i32.const 0) (i32.const 200))
    (block $tail (loop $blocks
      (br_if $tail (i32.lt_u (local.get $length) (i32.const ${RATE})))
      (call $absorb (local.get $data))
      (local.set $data (i32.add (local.get $data) (i32.const ${RATE})))
      (local.set $length (i32.sub (local.get $length) (i32.const ${RATE})))
      (br $blocks)))
    (memory.fill (i32.const ${BLOCK}) (i32.const 0) (i32.const ${RATE}))
    (memory.copy (i32.const ${BLOCK}) (local.get $data) (local.get $length))
    (i32.store8 (i32.add (i32.const ${BLOCK}) (local.get $length))
      (i32.or (i32.load8_u (i32.add (i32.const ${BLOCK}) (local.get $length))) (i32.const 0x01)))
    (i32.store8 (i32.const ${BLOCK + RATE - 1}) (i32.or (i32.load8_u (i32.const ${BLOCK + RATE - 1})) (i32.const 0x80)))
    (call $absorb (i32.const ${BLOCK}))
    (local.set $k (i32.const 0))
    (loop $digest
      (i64.store (i32.add (local.get $out) (local.get $k)) (i64.load offset=${STATE} (local.get $k)))
      (local.set $k (i32.add (local.get $k) (i32.const 8)))
      (br_if $digest (i32.lt_u (local.get $k) (i32.const 32)))))

  ;; XORs one block at data into the state and permutes it.
  (func $absorb (param $data i32) (local $k i32)
    (local.set $k (i32.const 0))
    (loop $lanes
      (i64.store offset=${STATE} (local.get $k)
        (i64.xor (i64.load offset=${STATE} (local.get $k)) (i64.load (i32.add (local.get $data) (local.get $k)))))
      (local.set $k (i32.add (local.get $k) (i32.const 8)))
      (br_if $lanes (i32.lt_u (local.get $k) (i32.const ${RATE}))))
    (call $permute))

  (func $hash (export "hash") (param $data i32) (param $length i32) (param $out i32)
    (if (i32.and (i32.lt_u (local.get $length) (i32.const ${RATE})) (i32.eqz (i32.and (local.get $length) (i32.const 7))))
      (then (call $hashShort (local.get $data) (i32.shr_u (local.get $length) (i32.const 3)) (local.get $out)))
      (else (call $hashLong (local.get $data) (local.get $length) (local.get $out)))))

  ;; keccak256(first[0, 32) || second[0, 32)) to out: an internal node, with no copy of its children.
  (func $hashPair (param $first i32) (param $second i32) (param $out i32) ${PERMUTATION_LOCALS}
    ${loadLanes((i) => (i < 4 ? `(i64.load offset=${8 * i} (local.get $first))` : i < 8 ? `(i64.load offset=${8 * (i - 4)} (local.get $second))` : i === 8 ? "(i64.const 1)" : i === 16 ? `(i64.const ${PAD_END})` : "(i64.const 0)"))}
    ${rounds()}
    ${squeeze("$out")})
  ;; The StandardMerkleTree leaf hash keccak256(keccak256(encoding)) of count encodings of size bytes each.
  (func (export "leafHashes") (param $data i32) (param $size i32) (param $count i32) (param $out i32)
    (block $done (loop $leaves
      (br_if $done (i32.eqz (local.get $count)))
      (call $hash (local.get $data) (local.get $size) (i32.const ${INNER}))
      (call $hash (i32.const ${INNER}) (i32.const 32) (local.get $out))
      (local.set $data (i32.add (local.get $data) (local.get $size)))
      (local.set $out (i32.add (local.get $out) (i32.const 32)))
      (local.set $count (i32.sub (local.get $count) (i32.const 1)))
      (br $leaves))))

  ;; Internal nodes last to first of a flat tree at nodes (node i at 32i, children at 2i + 1 and 2i + 2):
  ;; each is the hash of its children, the smaller one first as unsigned big-endian numbers.
  (func (export "internalNodes") (param $nodes i32) (param $last i32)
    (local $left i32) (local $right i32) (local $b i32)
    (block $done (loop $node
      (br_if $done (i32.lt_s (local.get $last) (i32.const 0)))
      (local.set $left (i32.add (local.get $nodes) (i32.add (i32.shl (local.get $last) (i32.const 6)) (i32.const 32))))
      (local.set $right (i32.add (local.get $left) (i32.const 32)))
      (local.set $b (i32.const 0))
      (block $differ (loop $bytes
        (br_if $differ (i32.eq (local.get $b) (i32.const 31)))
        (br_if $differ (i32.ne (i32.load8_u (i32.add (local.get $left) (local.get $b)))
                               (i32.load8_u (i32.add (local.get $right) (local.get $b)))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $bytes)))
      (if (i32.le_u (i32.load8_u (i32.add (local.get $left) (local.get $b)))
                    (i32.load8_u (i32.add (local.get $right) (local.get $b))))
        (then (call $hashPair (local.get $left) (local.get $right)
                (i32.add (local.get $nodes) (i32.shl (local.get $last) (i32.const 5)))))
        (else (call $hashPair (local.get $right) (local.get $left)
                (i32.add (local.get $nodes) (i32.shl (local.get $last) (i32.const 5))))))
      (local.set $last (i32.sub (local.get $last) (i32.const 1)))
      (br $node))))

  ${SORT_TEXT}
)
`;
}
