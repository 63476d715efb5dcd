// Standard normal distribution to (near) machine precision: erfc/erfcx from W. J. Cody's rational
// Chebyshev approximations (Math. Comp. 23, 1969), the inverse CDF from Wichura's AS241 (1988).

const SQRT_HALF = Math.SQRT1_2;
const INV_SQRT_PI = 0.5641895835477563;
const INV_SQRT_2PI = 0.3989422804014327;
/** erfc is a pure erf-series below this point (Cody's split). */
const THRESH = 0.46875;

// Cody, |x| ≤ 0.46875: erf(x) = x·A(x²)/B(x²).
const A0 = 3.1611237438705655;
const A1 = 113.86415415105016;
const A2 = 377.485237685302;
const A3 = 3209.3775891384694;
const A4 = 0.18577770618460315;
const B0 = 23.601290952344122;
const B1 = 244.02463793444417;
const B2 = 1282.6165260773723;
const B3 = 2844.2368334391704;

// Cody, 0.46875 < x ≤ 4: erfcx(x) = C(x)/D(x).
const C0 = 0.5641884969886701;
const C1 = 8.883149794388377;
const C2 = 66.11919063714163;
const C3 = 298.6351381974001;
const C4 = 881.952221241769;
const C5 = 1712.0476126340707;
const C6 = 2051.0783778260716;
const C7 = 1230.3393547979972;
const C8 = 2.1531153547440383e-8;
const D0 = 15.744926110709835;
const D1 = 117.6939508913125;
const D2 = 537.1811018620099;
const D3 = 1621.3895745666903;
const D4 = 3290.7992357334597;
const D5 = 4362.619090143247;
const D6 = 3439.3676741437216;
const D7 = 1230.3393548037495;

// Cody, x > 4: erfcx(x) = (1/√π − P(1/x²)/(x²·Q(1/x²)))/x.
const P0 = 0.30532663496123236;
const P1 = 0.36034489994980445;
const P2 = 0.12578172611122926;
const P3 = 0.016083785148742275;
const P4 = 0.0006587491615298367;
const P5 = 0.016315387137302097;
const Q0 = 2.5685201922898244;
const Q1 = 1.8729528499234604;
const Q2 = 0.5279051029514283;
const Q3 = 0.06051834131244132;
const Q4 = 0.0023352049762686918;

/** erf(x) for |x| ≤ 0.46875 only (one rational, no exponential); for callers that know the range. */
export function erfSmall(x: number): number {
  const z = x * x;
  const num = (((A4 * z + A0) * z + A1) * z + A2) * z + A3;
  const den = (((z + B0) * z + B1) * z + B2) * z + B3;
  return (x * num) / den;
}

/**
 * erfcx(y) = exp(y²)·erfc(y) for y > 0.46875 only (no exponential evaluated: no overflow, no
 * cancellation); for callers that know the range.
 */
export function erfcxPositive(y: number): number {
  if (y <= 4) {
    const num = (((((((C8 * y + C0) * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y + C7;
    const den = (((((((y + D0) * y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y + D7;
    return num / den;
  }
  if (y >= 6.7e7) return INV_SQRT_PI / y; // the correction term is below one ulp
  const z = 1 / (y * y);
  const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
  const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
  return (INV_SQRT_PI - (z * num) / den) / y;
}

/**
 * exp(−x²/2) without the rounding error of forming x² (which would cost ~x²·ε relative in the tails):
 * x is split into a 4-bit-fraction head whose square is exact and a small tail.
 */
function expHalfSquareNeg(x: number): number {
  const h = Math.trunc(x * 16) / 16;
  const d = (x - h) * (x + h);
  return Math.exp(-0.5 * h * h) * Math.exp(-0.5 * d);
}

/** exp(−y²) with the same splitting, for erfc. */
function expSquareNeg(y: number): number {
  const h = Math.trunc(y * 16) / 16;
  const d = (y - h) * (y + h);
  return Math.exp(-h * h) * Math.exp(-d);
}

/** Error function. */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESH) return erfSmall(x);
  if (!(y < 6)) return Number.isNaN(x) ? NaN : Math.sign(x); // erfc(6) < 2.2e-17: 1 to double precision
  const r = 1 - erfcxPositive(y) * expSquareNeg(y);
  return x < 0 ? -r : r;
}

/** Complementary error function 1 − erf(x), accurate in relative terms deep in the right tail. */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESH) return 1 - erfSmall(x);
  if (Number.isNaN(x)) return NaN;
  const r = y < 27.3 ? erfcxPositive(y) * expSquareNeg(y) : 0; // erfc(27.3) underflows
  return x < 0 ? 2 - r : r;
}

/** Scaled complementary error function exp(x²)·erfc(x). */
export function erfcx(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESH) return Math.exp(x * x) * (1 - erfSmall(x));
  if (Number.isNaN(x)) return NaN;
  const r = erfcxPositive(y);
  if (x > 0) return r;
  if (y > 26.7) return Infinity; // 2·exp(y²) overflows
  const h = Math.trunc(y * 16) / 16;
  const e = Math.exp(h * h) * Math.exp((y - h) * (y + h));
  return e + e - r;
}

/** Standard normal density φ(x). */
export function normPdf(x: number): number {
  return INV_SQRT_2PI * expHalfSquareNeg(x);
}

/**
 * Standard normal CDF Φ(x), relative accuracy ~1e-16 in both tails (Φ(−37.5) ≈ 4.6e-308 keeps its
 * digits). The lower tail is erfcx(−x/√2)·exp(−x²/2)/2 so the rounding of x/√2 is not amplified by x².
 */
export function normCdf(x: number): number {
  if (x >= -THRESH / SQRT_HALF && x <= THRESH / SQRT_HALF) return 0.5 + 0.5 * erfSmall(x * SQRT_HALF);
  if (Number.isNaN(x)) return NaN;
  if (x < 0) {
    if (x < -38.5) return 0; // below the smallest subnormal
    return 0.5 * erfcxPositive(-x * SQRT_HALF) * expHalfSquareNeg(x);
  }
  if (x > 8.3) return 1; // 1 − Φ(8.3) < ε/2
  return 1 - 0.5 * erfcxPositive(x * SQRT_HALF) * expHalfSquareNeg(x);
}

// Wichura, AS241 PPND16 (Appl. Statist. 37, 1988): three rational approximations.
const SPLIT1 = 0.425;
const SPLIT2 = 5;
const CONST1 = 0.180625;
const CONST2 = 1.6;

function inverseCentral(q: number): number {
  const r = CONST1 - q * q;
  const num =
    ((((((2509.0809287301227 * r + 33430.57558358813) * r + 67265.7709270087) * r + 45921.95393154987) * r +
      13731.69376550946) *
      r +
      1971.5909503065513) *
      r +
      133.14166789178438) *
      r +
    3.3871328727963665;
  const den =
    ((((((5226.495278852854 * r + 28729.085735721943) * r + 39307.89580009271) * r + 21213.794301586597) * r +
      5394.196021424751) *
      r +
      687.1870074920579) *
      r +
      42.31333070160091) *
      r +
    1;
  return (q * num) / den;
}

/** −Φ⁻¹(p) for a lower-tail probability 0 < p ≤ 0.075, from r = √(−ln p). */
function inverseTail(r: number): number {
  if (r <= SPLIT2) {
    const s = r - CONST2;
    const num =
      ((((((0.0007745450142783414 * s + 0.022723844989269184) * s + 0.2417807251774506) * s + 1.2704582524523684) * s +
        3.6478483247632045) *
        s +
        5.769497221460691) *
        s +
        4.630337846156546) *
        s +
      1.4234371107496835;
    const den =
      ((((((1.0507500716444169e-9 * s + 0.0005475938084995345) * s + 0.015198666563616457) * s + 0.14810397642748008) *
        s +
        0.6897673349851) *
        s +
        1.6763848301838038) *
        s +
        2.053191626637759) *
        s +
      1;
    return num / den;
  }
  const s = r - SPLIT2;
  const num =
    ((((((2.0103343992922881e-7 * s + 2.7115555687434876e-5) * s + 0.0012426609473880784) * s + 0.026532189526576124) *
      s +
      0.29656057182850487) *
      s +
      1.7848265399172913) *
      s +
      5.463784911164114) *
      s +
    6.657904643501103;
  const den =
    ((((((2.0442631033899397e-15 * s + 1.421511758316446e-7) * s + 1.8463183175100548e-5) * s + 0.0007868691311456133) *
      s +
      0.014875361290850615) *
      s +
      0.1369298809227358) *
      s +
      0.599832206555888) *
      s +
    1;
  return num / den;
}

/** Cubes of probabilities below normInv's lower-tail split (p < 0.075). */
const TAIL_CUBE = 0.075 * 0.075 * 0.075;

/**
 * Φ⁻¹(∛y): in the lower tail ln∛y = (ln y)/3 saves the cube root (for the implied-vol initial guess).
 * Same conventions as normInv otherwise.
 */
export function normInvCbrt(y: number): number {
  if (y > 0 && y < TAIL_CUBE) return -inverseTail(Math.sqrt(-Math.log(y) / 3));
  return normInv(Math.cbrt(y));
}

/**
 * Inverse standard normal CDF Φ⁻¹(p), relative accuracy ~1e-16 for p in (0, 1) down to the smallest
 * subnormal. p = 0 → −Infinity, p = 1 → +Infinity, outside [0, 1] or NaN → NaN.
 */
export function normInv(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const q = p - 0.5;
  if (Math.abs(q) <= SPLIT1) return inverseCentral(q);
  // Use the tail probability itself, not 1 − p, so upper-tail inputs keep what precision they have.
  const tail = q < 0 ? p : 1 - p;
  const x = inverseTail(Math.sqrt(-Math.log(tail)));
  return q < 0 ? -x : x;
}
